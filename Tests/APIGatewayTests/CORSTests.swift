import Testing
@testable import APIGateway

@Suite struct CORSTests {
    @Test func preflightHeadersForTheDefaultConfig() throws {
        var engine = Fixtures.engine()
        for path in ["/prod/users", "/prod/health"] {
            let r = try #require(Fixtures.response(engine.handle(Fixtures.request("OPTIONS", path))))
            #expect(r.status == 200)
            #expect(r.body.isEmpty)
            #expect(r.header("Access-Control-Allow-Headers") == "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token")
            #expect(r.header("Access-Control-Allow-Methods") == "GET,POST,PUT,DELETE,OPTIONS")
            #expect(r.header("Access-Control-Allow-Origin") == "*")
            #expect(r.header("Content-Type") == "application/json")
            #expect(r.header("Content-Length") == "0")
            #expect(r.header("x-amzn-RequestId")?.count == 36)
            #expect(r.header("x-amz-apigw-id")?.count == 16)
            #expect(r.header("X-Amzn-Trace-Id")?.hasPrefix("Root=1-") == true)
        }
    }

    @Test func preflightJoinsCustomListsWithoutSpaces() throws {
        var inputs = Fixtures.seedInputs(apiKeyRequired: true)
        inputs.corsOrigins = ["https://a.example", "https://b.example"]
        inputs.corsMethods = ["GET", "OPTIONS"]
        inputs.corsHeaders = ["Content-Type"]
        var engine = Fixtures.engine(inputs)
        let r = try #require(Fixtures.response(engine.handle(Fixtures.request("OPTIONS", "/prod/users"))))
        #expect(r.status == 200, "no API key needed for OPTIONS")
        #expect(r.header("Access-Control-Allow-Origin") == "https://a.example,https://b.example")
        #expect(r.header("Access-Control-Allow-Methods") == "GET,OPTIONS")
        #expect(r.header("Access-Control-Allow-Headers") == "Content-Type")
    }

    @Test func actualResponsesCarryTheFunctionsCORSHeaders() throws {
        var engine = Fixtures.engine()
        let invocation = try #require(Fixtures.invocation(engine.handle(Fixtures.request("GET", "/prod/users"))))
        let payload = #"{"statusCode":200,"headers":{"Content-Type":"application/json","Access-Control-Allow-Origin":"*","Access-Control-Allow-Methods":"GET, POST, PUT, DELETE, OPTIONS"},"body":"{}"}"#
        let r = engine.complete(invocation, result: .success(Array(payload.utf8)), nowNanos: 2_000)
        #expect(r.header("Access-Control-Allow-Origin") == "*")
        #expect(r.header("Access-Control-Allow-Methods") == "GET, POST, PUT, DELETE, OPTIONS")
    }
}
