import Foundation
import Testing
@testable import APIGateway

@Suite struct ProxyEventTests {
    private func event(_ engine: inout GatewayEngine, _ request: GatewayRequest) throws -> (LambdaInvocation, [String: Any]) {
        let invocation = try #require(Fixtures.invocation(engine.handle(request)))
        return (invocation, try Fixtures.json(invocation.event))
    }

    @Test func getWithQueryStringHasEveryField() throws {
        var inputs = Fixtures.seedInputs()
        inputs.stageVariables = ["lambdaAlias": "live", "env": "prod"]
        var engine = Fixtures.engine(inputs)
        let request = Fixtures.request(
            "GET", "/prod/users?tag=a&tag=b%20c&name=J%C3%B6rg&flag&plus=a+b&lit=1%2B1",
            headers: [
                HeaderField("Host", "a1b2c3d4e5.execute-api.us-east-1.localhost:4566"),
                HeaderField("User-Agent", "curl/8.5.0"),
                HeaderField("Accept", "text/plain"),
                HeaderField("accept", "application/json"),
                HeaderField("X-Forwarded-For", "198.51.100.1"),
            ])
        let (invocation, e) = try event(&engine, request)
        let keys = ["resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters",
                    "multiValueQueryStringParameters", "pathParameters", "stageVariables", "requestContext", "body", "isBase64Encoded"]
        #expect(Set(e.keys) == Set(keys))
        // Field order as AWS sends it.
        let text = String(decoding: invocation.event, as: UTF8.self)
        let positions = keys.map { text.range(of: "\"\($0)\":")!.lowerBound }
        #expect(positions == positions.sorted())

        #expect(e["resource"] as? String == "/users")
        #expect(e["path"] as? String == "/users")
        #expect(e["httpMethod"] as? String == "GET")
        let headers = try #require(e["headers"] as? [String: String])
        #expect(headers == [
            "User-Agent": "curl/8.5.0", "Accept": "application/json",
            "Host": "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com",
            "X-Amzn-Trace-Id": invocation.context.traceID,
            "X-Forwarded-For": "198.51.100.1, 203.0.113.9", "X-Forwarded-Port": "443", "X-Forwarded-Proto": "https",
        ])
        #expect(invocation.context.traceID.hasPrefix("Root=1-"))
        let multi = try #require(e["multiValueHeaders"] as? [String: [String]])
        #expect(multi["Accept"] == ["text/plain", "application/json"])
        #expect(multi["Host"] == ["a1b2c3d4e5.execute-api.us-east-1.amazonaws.com"])
        #expect(multi.count == headers.count)

        #expect(e["queryStringParameters"] as? [String: String] == ["tag": "b c", "name": "Jörg", "flag": "", "plus": "a b", "lit": "1+1"])
        #expect(e["multiValueQueryStringParameters"] as? [String: [String]]
            == ["tag": ["a", "b c"], "name": ["Jörg"], "flag": [""], "plus": ["a b"], "lit": ["1+1"]])
        #expect(e["pathParameters"] is NSNull)
        #expect(e["stageVariables"] as? [String: String] == ["lambdaAlias": "live", "env": "prod"])
        #expect(e["body"] is NSNull)
        #expect(e["isBase64Encoded"] as? Bool == false)

        let rc = try #require(e["requestContext"] as? [String: Any])
        let api = engine.api
        #expect(rc["resourceId"] as? String == api.resource(atPath: "/users")?.id)
        #expect(rc["resourcePath"] as? String == "/users")
        #expect(rc["httpMethod"] as? String == "GET")
        #expect(rc["extendedRequestId"] as? String == invocation.context.extendedRequestID)
        #expect(rc["requestTime"] as? String == "24/Nov/2026:22:40:00 +0000")
        #expect(rc["path"] as? String == "/prod/users")
        #expect(rc["accountId"] as? String == "123456789012")
        #expect(rc["protocol"] as? String == "HTTP/1.1")
        #expect(rc["stage"] as? String == "prod")
        #expect(rc["domainPrefix"] as? String == "a1b2c3d4e5")
        #expect((rc["requestTimeEpoch"] as? NSNumber)?.int64Value == 1_795_560_000_000)
        let requestID = try #require(rc["requestId"] as? String)
        #expect(UUID(uuidString: requestID) != nil && requestID == requestID.lowercased())
        #expect(rc["domainName"] as? String == "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com")
        #expect(rc["deploymentId"] as? String == api.stages[0].deploymentID)
        #expect(rc["apiId"] as? String == "a1b2c3d4e5")
        let identity = try #require(rc["identity"] as? [String: Any])
        for field in ["cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller", "principalOrgId", "accessKey",
                      "cognitoAuthenticationType", "cognitoAuthenticationProvider", "userArn", "user"] {
            #expect(identity[field] is NSNull, "identity.\(field)")
        }
        #expect(identity["sourceIp"] as? String == "203.0.113.9")
        #expect(identity["userAgent"] as? String == "curl/8.5.0")
        #expect(identity["apiKey"] == nil && identity["apiKeyId"] == nil, "no key used")
        #expect(identity.count == 12)
    }

    @Test func postWithJSONBody() throws {
        var engine = Fixtures.engine()
        let body = #"{"name":"Test User","email":"test@example.com"}"#
        let (_, e) = try event(&engine, Fixtures.request(
            "POST", "/prod/users", headers: [HeaderField("Content-Type", "application/json")], body: Array(body.utf8)))
        #expect(e["httpMethod"] as? String == "POST")
        #expect(e["body"] as? String == body)
        #expect(e["isBase64Encoded"] as? Bool == false)
        #expect(e["queryStringParameters"] is NSNull)
        #expect(e["multiValueQueryStringParameters"] is NSNull)
        #expect(e["stageVariables"] is NSNull)
        #expect((e["requestContext"] as? [String: Any])?["httpMethod"] as? String == "POST")
        #expect((e["requestContext"] as? [String: Any]).flatMap { $0["identity"] as? [String: Any] }?["userAgent"] is NSNull)
    }

    @Test func binaryBodyIsBase64OnlyWithBinaryMediaTypes() throws {
        let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF, 0x10]
        let headers = [HeaderField("Content-Type", "image/png")]
        var plain = Fixtures.engine()
        let (_, asText) = try event(&plain, Fixtures.request("POST", "/prod/users", headers: headers, body: bytes))
        #expect(asText["isBase64Encoded"] as? Bool == false, "no binaryMediaTypes: passed as text")

        for types in [["*/*"], ["image/*"], ["image/png"]] {
            var inputs = Fixtures.seedInputs()
            inputs.binaryMediaTypes = types
            var engine = Fixtures.engine(inputs)
            let (_, e) = try event(&engine, Fixtures.request("POST", "/prod/users", headers: headers, body: bytes))
            #expect(e["isBase64Encoded"] as? Bool == true, "\(types)")
            #expect(e["body"] as? String == Data(bytes).base64EncodedString(), "\(types)")
            let (_, json) = try event(&engine, Fixtures.request(
                "POST", "/prod/users", headers: [HeaderField("Content-Type", "application/json")], body: Array("{}".utf8)))
            #expect(json["isBase64Encoded"] as? Bool == (types == ["*/*"]), "application/json against \(types)")
        }
    }

    @Test func pathParametersForTemplatedResources() throws {
        var api = RestAPI(id: "abcdefghij", name: "t", region: "eu-west-1", accountID: "1", rootResourceID: "root00")
        try api.addResource(id: "res001", parentPath: "/", pathPart: "{proxy+}")
        try api.putMethod(APIMethod(httpMethod: "ANY", integration: .awsProxy(functionARN: "fn")), atPath: "/{proxy+}")
        api.stages = [Stage(name: "v1", deploymentID: "dep001")]
        var engine = GatewayEngine(api: api, ids: GatewayIDGenerator(seed: 1))
        let (_, e) = try event(&engine, Fixtures.request("DELETE", "/v1/a/b/c"))
        #expect(e["resource"] as? String == "/{proxy+}")
        #expect(e["path"] as? String == "/a/b/c")
        #expect(e["pathParameters"] as? [String: String] == ["proxy": "a/b/c"])
        #expect((e["requestContext"] as? [String: Any])?["path"] as? String == "/v1/a/b/c")
    }

    @Test func sameSeedGivesTheSameEventBytes() throws {
        var a = Fixtures.engine(seed: 42)
        var b = Fixtures.engine(seed: 42)
        let ea = try #require(Fixtures.invocation(a.handle(Fixtures.request("GET", "/prod/health")))).event
        let eb = try #require(Fixtures.invocation(b.handle(Fixtures.request("GET", "/prod/health")))).event
        #expect(ea == eb, "seed 42")
    }

    @Test func forwardedHeadersMatchTheFilterAndJoinDefinition() {
        let context = RequestContext(
            requestID: "r", extendedRequestID: "e=", traceID: "Root=1-a-b", apiID: "api", accountID: "1", stage: "prod",
            deploymentID: "d", domainName: "api.execute-api.us-east-1.amazonaws.com", httpMethod: "GET", resourcePath: nil,
            resourceID: nil, path: "/prod", protocolVersion: "HTTP/1.1", sourceIP: "203.0.113.9", userAgent: nil, accept: nil,
            apiKey: nil, epochMillis: 0, startNanos: 0, tracingEnabled: false, accessLog: nil)
        let cases: [[HeaderField]] = [
            [],
            [HeaderField("Host", "x"), HeaderField("Accept", "*/*")],
            [HeaderField("X-Forwarded-For", "1.1.1.1"), HeaderField("x-forwarded-for", "2.2.2.2, 3.3.3.3"), HeaderField("A", "1")],
            [HeaderField("X-AMZN-TRACE-ID", "t"), HeaderField("X-Forwarded-Port", "80"), HeaderField("x-forwarded-proto", "http")],
            [HeaderField("Hostname", "keep"), HeaderField("X-Forwarded", "keep"), HeaderField("Ünïcode", "keep"), HeaderField("HOST", "y")],
        ]
        for client in cases {
            // The definition: drop what the gateway sets, then append its own headers.
            var expected = client.filter { !["host", "x-amzn-trace-id", "x-forwarded-for", "x-forwarded-port", "x-forwarded-proto"].contains($0.name.lowercased()) }
            expected += [
                HeaderField("Host", context.domainName), HeaderField("X-Amzn-Trace-Id", context.traceID),
                HeaderField("X-Forwarded-For", (client.values("X-Forwarded-For") + [context.sourceIP]).joined(separator: ", ")),
                HeaderField("X-Forwarded-Port", "443"), HeaderField("X-Forwarded-Proto", "https"),
            ]
            let got = ProxyEvent.forwardedHeaders(client: client, context: context)
            #expect(got.map(\.name) == expected.map(\.name), "\(client)")
            #expect(got.map(\.value) == expected.map(\.value), "\(client)")
        }
    }
}
