import Testing
@testable import APIGateway

@Suite struct ResponseMappingTests {
    private func complete(_ result: IntegrationResult, accept: String? = nil, inputs: SeedAPIBuilder.Inputs = Fixtures.seedInputs())
        throws -> GatewayResponse
    {
        var engine = Fixtures.engine(inputs)
        let headers = accept.map { [HeaderField("Accept", $0)] } ?? []
        let invocation = try #require(Fixtures.invocation(engine.handle(Fixtures.request("GET", "/prod/users", headers: headers))))
        return engine.complete(invocation, result: result, nowNanos: 5_000_000)
    }

    private func payload(_ text: String) -> IntegrationResult { .success(Array(text.utf8)) }

    @Test func validResponsePassesThroughWithGatewayHeaders() throws {
        let r = try complete(payload(
            #"{"statusCode":201,"headers":{"Content-Type":"application/json","X-One":"1","Set-Cookie":"a=1"},"multiValueHeaders":{"Set-Cookie":["b=2","c=3"],"X-Many":["x","y"]},"body":"{\"id\":1}","isBase64Encoded":false}"#))
        #expect(r.status == 201)
        #expect(r.bodyText == #"{"id":1}"#)
        #expect(r.header("Content-Type") == "application/json")
        #expect(r.header("X-One") == "1")
        #expect(r.headers.values("Set-Cookie") == ["b=2", "c=3"], "multiValueHeaders win for a name in both")
        #expect(r.headers.values("X-Many") == ["x", "y"])
        #expect(r.header("Content-Length") == "8")
        #expect(r.header("x-amzn-RequestId")?.count == 36)
        #expect(r.header("x-amz-apigw-id")?.count == 16)
        #expect(r.header("X-Amzn-Trace-Id")?.hasPrefix("Root=1-") == true)
        #expect(r.header("x-amzn-ErrorType") == nil)
    }

    @Test func minimalResponseGetsJSONContentTypeAndEmptyBody() throws {
        let r = try complete(payload(#"{"statusCode":204}"#))
        #expect(r.status == 204)
        #expect(r.body.isEmpty)
        #expect(r.header("Content-Type") == "application/json")
        #expect(r.header("Content-Length") == "0")
        let nulls = try complete(payload(#"{"statusCode":200,"headers":null,"multiValueHeaders":null,"body":null}"#))
        #expect(nulls.status == 200 && nulls.body.isEmpty)
    }

    @Test func malformedResponsesAre502() throws {
        let cases = [
            "not json", "[1,2]", "\"text\"", "{}", #"{"body":"x"}"#, #"{"statusCode":"200"}"#, #"{"statusCode":200.5}"#,
            #"{"statusCode":true}"#, #"{"statusCode":200,"body":{"a":1}}"#, #"{"statusCode":200,"body":5}"#,
            #"{"statusCode":200,"headers":{"X":{"nested":1}}}"#, #"{"statusCode":200,"headers":[]}"#,
            #"{"statusCode":200,"multiValueHeaders":{"X":"notalist"}}"#, #"{"statusCode":200,"isBase64Encoded":"yes"}"#,
            #"{"statusCode":200,"cookies":["a=1"]}"#, #"{"statusCode":42}"#,
        ]
        for text in cases {
            let r = try complete(payload(text))
            #expect(r.status == 502, "\(text)")
            #expect(r.bodyText == #"{"message": "Internal server error"}"#, "\(text)")
            #expect(r.header("x-amzn-ErrorType") == "InternalServerErrorException", "\(text)")
        }
    }

    @Test func integrationFailuresHaveAWSStatusesAndBodies() throws {
        let functionError = try complete(.functionError)
        #expect(functionError.status == 502)
        #expect(functionError.bodyText == #"{"message": "Internal server error"}"#)
        let throttled = try complete(.throttled)
        #expect(throttled.status == 500)
        #expect(throttled.bodyText == #"{"message": "Internal server error"}"#)
        let timedOut = try complete(.timedOut)
        #expect(timedOut.status == 504)
        #expect(timedOut.bodyText == #"{"message": "Endpoint request timed out"}"#)
        let failed = try complete(.invocationFailed(reason: "Function not found"))
        #expect(failed.status == 500)
        #expect(failed.bodyText == #"{"message": "Internal server error"}"#)
        for r in [functionError, throttled, timedOut, failed] {
            #expect(r.header("Content-Type") == "application/json")
            #expect(r.header("Content-Length") == String(r.body.count))
            #expect(r.header("x-amzn-ErrorType") == "InternalServerErrorException")
            #expect(r.header("x-amzn-RequestId") != nil && r.header("x-amz-apigw-id") != nil)
        }
    }

    @Test func numericAndBooleanHeaderValuesBecomeText() throws {
        let r = try complete(payload(#"{"statusCode":200,"headers":{"X-Count":3,"X-Flag":true},"body":""}"#))
        #expect(r.status == 200)
        #expect(r.header("X-Count") == "3")
        #expect(r.header("X-Flag") == "true")
    }

    @Test func base64BodiesDecodeOnlyWhenTheClientAcceptsABinaryType() throws {
        let text = #"{"statusCode":200,"headers":{"Content-Type":"image/png"},"body":"iVBORw==","isBase64Encoded":true}"#
        var inputs = Fixtures.seedInputs()
        inputs.binaryMediaTypes = ["image/png"]
        let decoded = try complete(payload(text), accept: "image/png", inputs: inputs)
        #expect(decoded.body == [0x89, 0x50, 0x4E, 0x47])
        #expect(decoded.header("Content-Length") == "4")
        let asText = try complete(payload(text), accept: "application/json", inputs: inputs)
        #expect(asText.bodyText == "iVBORw==")
        let noTypes = try complete(payload(text), accept: "image/png")
        #expect(noTypes.bodyText == "iVBORw==")
    }

    @Test func functionContentLengthIsReplaced() throws {
        let r = try complete(payload(#"{"statusCode":200,"headers":{"Content-Length":"999"},"body":"abc"}"#))
        #expect(r.headers.values("Content-Length") == ["3"])
    }
}
