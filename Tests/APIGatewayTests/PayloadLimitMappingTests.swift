import Testing
@testable import APIGateway

/// Lambda's request limit as API Gateway answers it, and responses nested deeper than any valid
/// proxy response.
@Suite struct PayloadLimitMappingTests {
    private func complete(_ result: IntegrationResult) throws -> GatewayResponse {
        var engine = Fixtures.engine(Fixtures.seedInputs())
        let invocation = try #require(Fixtures.invocation(engine.handle(Fixtures.request("POST", "/prod/users"))))
        return engine.complete(invocation, result: result, nowNanos: 5_000_000)
    }

    @Test func lambdasRequestTooLargeIsTheGateways413() throws {
        let r = try complete(.requestTooLarge)
        #expect(r.status == 413)
        #expect(r.bodyText == #"{"message": "Request Too Long"}"#)
        #expect(r.header("x-amzn-ErrorType") == "BadRequestException")
        #expect(r.header("Content-Type") == "application/json")
        #expect(GatewayError.requestTooLarge.responseType == "REQUEST_TOO_LARGE")
    }

    @Test func aResponseNestedDeeperThanAnyProxyResponseIsMalformed() throws {
        for payload in [
            String(repeating: "[", count: 1_000_000),
            #"{"statusCode":200,"body":"x","extra":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}",
            #"{"statusCode":200,"multiValueHeaders":{"a":[["x"]]}}"#,
        ] {
            #expect(ProxyResponseReader.nestsTooDeep(Array(payload.utf8)) || payload.count < 100)
            let r = try complete(.success(Array(payload.utf8)))
            #expect(r.status == 502 && r.bodyText == #"{"message": "Internal server error"}"#)
        }
        // Brackets inside strings do not count; the deepest valid shape is accepted.
        let valid = #"{"statusCode":200,"multiValueHeaders":{"a":["[[[[{{{{"]},"body":"[[[[[[\"]]"}"#
        #expect(!ProxyResponseReader.nestsTooDeep(Array(valid.utf8)))
        let r = try complete(.success(Array(valid.utf8)))
        #expect(r.status == 200, "\(r.status) \(r.bodyText)")
        #expect(r.bodyText == #"[[[[[["]]"#)
    }
}

/// Found by the response reader's fuzz target (FailCases/gateway-response/headers-differing-in-case):
/// header names that differ only in case came out in hash order, which changes from run to run,
/// so the byte-level reader and Foundation could disagree.
@Suite struct HeaderOrderTests {
    @Test func namesDifferingOnlyInCaseHaveOneOrderOnEveryPath() throws {
        for text in [
            #"{"statusCode":200,"multiValueHeaders":{"Set-Cookie":["a=1"],"x":["1"]},"headers":{"X":"y","N":"7"}}"#,
            #"{"statusCode":200,"headers":{"x":"1","X":"2","n":"3"}}"#,
            #"{"statusCode":200,"headers":{"X":"2","x":"1","n":"3"}}"#,
        ] {
            let payload = Array(text.utf8)
            let fast = try #require(ProxyResponse.parse(payload, decodeBase64: false))
            let reference = try #require(ProxyResponse.parseWithFoundation(payload, decodeBase64: false))
            #expect(fast == reference, "\(text)")
            let names = fast.headers.map(\.name)
            #expect(names == names.sorted { a, b in a.lowercased() != b.lowercased() ? a.lowercased() < b.lowercased() : a < b })
        }
    }
}
