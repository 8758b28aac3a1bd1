import Foundation
import Determinism
import Testing

@testable import APIGateway

/// The direct byte encoders of the request path against the tree-based reference forms.
@Suite struct EventEncodingTests {
    /// Requests covering duplicate and mixed-case headers, client forwarding headers, queries with
    /// repeats and escapes, bodies (text, invalid UTF-8, binary), control characters and quotes.
    static func requests() -> [GatewayRequest] {
        let h = HeaderField.init
        return [
            Fixtures.request("GET", "/prod/health"),
            Fixtures.request("GET", "/prod/users?a=1&b=2&a=3&c&%7Bx%7D=%22q%22&e=%E2%82%AC&plus=a+b"),
            Fixtures.request(
                "POST", "/prod/users",
                headers: [
                    h("Content-Type", "application/json"), h("X-Dup", "1"), h("x-dup", "2"), h("X-DUP", "3"),
                    h("X-Forwarded-For", "10.0.0.1"), h("Host", "client.example"), h("X-Amzn-Trace-Id", "Root=1-abc"),
                    h("User-Agent", "wrk \"bench\"\t\u{01}"), h("Accept", "*/*"), h("X-Unicode", "café ☕"),
                ],
                body: Array(#"{"name":"Bench User","email":"b1-1@example.com"}"#.utf8)),
            Fixtures.request("POST", "/prod/users", headers: [h("Content-Type", "text/plain")], body: [0x66, 0xFF, 0x0A, 0x22, 0x5C]),
            Fixtures.request("POST", "/prod/users", headers: [h("Content-Type", "application/octet-stream")], body: [0, 1, 2, 250]),
            Fixtures.request(
                "GET", "/prod/users", headers: (0..<40).map { h("X-Many-\($0 % 20)", "v\($0)") } + [h("x-many-3", "last")]),
            Fixtures.request("GET", "/prod/users?" + (0..<30).map { "k\($0 % 7)=\($0)" }.joined(separator: "&")),
        ]
    }

    @Test func encodedEventEqualsTheTreeSerialization() throws {
        var inputs = Fixtures.seedInputs()
        inputs.binaryMediaTypes = ["application/octet-stream"]
        inputs.stageVariables = ["zeta": "1", "alpha": "x\"y", "mid": ""]
        var engine = Fixtures.engine(inputs)
        let api = engine.api
        let stage = try #require(api.stages.first)
        for request in Self.requests() {
            guard let invocation = Fixtures.invocation(engine.handle(request)) else { continue }
            var context = invocation.context
            for apiKey in [nil, APIKey(id: "kid", value: "secret\"value", name: "k", enabled: true)] as [APIKey?] {
                context.apiKey = apiKey
                for parameters in [[], [("id", "42"), ("name", "a b")]] as [[(String, String)]] {
                    let arguments = (
                        resourcePath: context.resourcePath ?? "/", within: GatewayEngine.pathWithinStage(request.rawPath, stage: stage.name)
                    )
                    let tree = ProxyEvent.build(
                        request: request, context: context, resourcePath: arguments.resourcePath,
                        pathWithinStage: arguments.within, pathParameters: parameters, stageVariables: stage.variables,
                        binaryMediaTypes: api.binaryMediaTypes
                    ).bytes
                    let direct = ProxyEvent.encode(
                        request: request, context: context, resourcePath: arguments.resourcePath,
                        pathWithinStage: arguments.within, pathParameters: parameters, stageVariables: stage.variables,
                        binaryMediaTypes: api.binaryMediaTypes)
                    #expect(
                        direct == tree,
                        "\(request.method) \(request.rawPath)?\(request.rawQuery ?? "")\n\(String(decoding: direct, as: UTF8.self))\n\(String(decoding: tree, as: UTF8.self))"
                    )
                }
            }
            // The engine itself sends the encoded form.
            #expect(invocation.event == ProxyEvent.build(
                request: request, context: invocation.context, resourcePath: invocation.context.resourcePath ?? "/",
                pathWithinStage: GatewayEngine.pathWithinStage(request.rawPath, stage: stage.name), pathParameters: [],
                stageVariables: stage.variables, binaryMediaTypes: api.binaryMediaTypes
            ).bytes)
        }
    }

    @Test func escapingCopiesRunsAndEscapesEveryKind() {
        var out: [UInt8] = []
        JSONValue.appendEscaped("plain", to: &out)
        JSONValue.appendEscaped("\"start", to: &out)
        JSONValue.appendEscaped("end\\", to: &out)
        JSONValue.appendEscaped("a\nb\rc\td\u{01}e\u{1F}f\u{7F}é", to: &out)
        JSONValue.appendEscaped("", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"plain\"startend\\a\nb\rc\td\u0001e\u001ff"# + "\u{7F}é")
    }

    @Test func accessLogTemplateCompilesOnceAndFollowsFormatChanges() {
        let record = AccessLogRecord(
            context: RequestContext(
                requestID: "rid", extendedRequestID: "ext=", traceID: "Root=1-1-2", apiID: "api", accountID: "1", stage: "prod",
                deploymentID: "dep", domainName: "api.execute-api.us-east-1.amazonaws.com", httpMethod: "POST",
                resourcePath: nil, resourceID: nil, path: "/prod/users", protocolVersion: "HTTP/1.1", sourceIP: "::1",
                userAgent: nil, accept: nil, apiKey: nil, epochMillis: 1_795_560_000_123, startNanos: 0, tracingEnabled: false,
                accessLog: nil),
            status: 502, responseLength: 36, responseLatencyMillis: 3, integrationLatencyMillis: nil, integrationStatus: 200,
            integrationResponseStatus: nil, errorMessage: "Internal server error", errorResponseType: "INTEGRATION_FAILURE",
            integrationError: nil)
        let formats = [
            AccessLogSettings.seedFormat, "", "$context", "$context.", "$$context.status$", "$context.status.. x",
            "$context.error.messageString|$context.error.message|$context.domainPrefix|$context.xrayTraceId",
            "$context.requestTime $context.requestTimeEpoch $context.identity.userAgent $context.resourcePath $context.unknown_var",
            "{\"s\":\"$context.status\",\"n\":\"$context.requestId\"}€$context.httpMethod",
        ]
        for format in formats {
            #expect(AccessLogTemplate(format).render(record) == AccessLogFormatter.render(format: format, record: record), "\(format)")
        }
        #expect(
            AccessLogTemplate("$context.error.messageString|$context.status.|$context.").render(record)
                == #"\"Internal server error\"|502.|-"#)
        var settings = AccessLogSettings(destinationLogGroup: "/g", format: "$context.status")
        #expect(settings.template.render(record) == "502")
        settings.format = "$context.httpMethod $context.responseLength"
        #expect(settings.template.render(record) == "POST 36")
    }
}

/// The id generator against the earlier, array-based implementation (kept here as the reference).
@Suite struct GatewayIDGeneratorReferenceTests {
    struct Reference {
        var random: SeededGenerator
        static let lowerAlnum = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        static let base64 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        static let hex = Array("0123456789abcdef".utf8)
        mutating func pick(_ count: Int, from alphabet: [UInt8]) -> String {
            var out: [UInt8] = []
            for _ in 0..<count { out.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
            return String(decoding: out, as: UTF8.self)
        }
        mutating func uuid() -> String {
            var bytes: [UInt8] = []
            for _ in 0..<2 { withUnsafeBytes(of: random.next()) { bytes.append(contentsOf: $0) } }
            bytes[6] = (bytes[6] & 0x0F) | 0x40
            bytes[8] = (bytes[8] & 0x3F) | 0x80
            var out: [UInt8] = []
            for (i, b) in bytes.enumerated() {
                if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
                out.append(Self.hex[Int(b >> 4)])
                out.append(Self.hex[Int(b & 0xF)])
            }
            return String(decoding: out, as: UTF8.self)
        }
        mutating func traceID(epochSeconds: Int64) -> String {
            let seconds = String(UInt32(truncatingIfNeeded: max(0, epochSeconds)), radix: 16)
            let padded = String(repeating: "0", count: max(0, 8 - seconds.count)) + seconds
            return "Root=1-\(padded)-\(pick(24, from: Self.hex))"
        }
    }

    @Test func sameSeedSameIdsAsTheReference() {
        for seed: UInt64 in [0, 7, 0xDEAD_BEEF] {
            var ids = GatewayIDGenerator(seed: seed)
            var reference = Reference(random: SeededGenerator(seed: seed))
            for round in 0..<40 {
                let epoch: Int64 = [0, -5, 1_795_560_000, 0x1_2345_6789][round % 4]
                #expect(ids.uuid() == reference.uuid(), "seed \(seed) round \(round)")
                #expect(ids.extendedRequestID() == reference.pick(15, from: Reference.base64) + "=", "seed \(seed) round \(round)")
                #expect(ids.traceID(epochSeconds: epoch) == reference.traceID(epochSeconds: epoch), "seed \(seed) round \(round)")
                #expect(ids.shortID() == reference.pick(6, from: Reference.lowerAlnum), "seed \(seed) round \(round)")
            }
        }
    }
}

@Suite struct CaseInsensitiveTests {
    @Test func agreesWithLowercasedComparisons() {
        var names = [
            "", "a", "A", "Content-Type", "content-type", "CONTENT-TYPE", "Content-Length", "content-typ", "X-Api-Key",
            "Access-Control-Allow-Headers", "access-control-allow-headers", "Ünïcode", "ünïcode", "İstanbul", "i̇stanbul",
            "ß", "SS", "[", "{", "@", "`", "Z", "z", "_a", "Straße", "STRASSE", "e\u{301}", "\u{E9}", "É",
        ]
        let seed: UInt64 = 42
        var rng = SeededGenerator(seed: seed)
        let alphabet = Array("aAzZ-_[`{@09éÉ")
        for _ in 0..<300 { names.append(String((0..<Int(rng.next() % 6)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })) }
        for a in names {
            for b in names {
                #expect(CaseInsensitive.equals(a, b) == (a.lowercased() == b.lowercased()), "seed \(seed): \(a) == \(b)")
                #expect(CaseInsensitive.less(a, b) == (a.lowercased() < b.lowercased()), "seed \(seed): \(a) < \(b)")
            }
        }
    }
}
