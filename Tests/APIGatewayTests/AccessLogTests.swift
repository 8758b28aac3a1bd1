import Foundation
import Testing
@testable import APIGateway

@Suite struct AccessLogTests {
    private func line(_ sink: CollectingSink, _ index: Int) throws -> [String: String] {
        let lines = sink.lines
        try #require(lines.count > index)
        #expect(lines[index].group == "/aws/apigateway/a1b2c3d4e5")
        return try #require(try JSONSerialization.jsonObject(with: Data(lines[index].line.utf8)) as? [String: String])
    }

    @Test func successfulInvocationLine() throws {
        let sink = CollectingSink()
        var engine = Fixtures.engine(sink: sink)
        let invocation = try #require(Fixtures.invocation(engine.handle(Fixtures.request("GET", "/prod/users", nanos: 1_000_000))))
        #expect(sink.lines.isEmpty, "nothing logged before the integration answers")
        _ = engine.complete(invocation, result: .success(Array(#"{"statusCode":200,"body":"hello"}"#.utf8)), nowNanos: 38_000_000)
        let fields = try line(sink, 0)
        #expect(fields == [
            "requestId": invocation.context.requestID, "extendedRequestId": invocation.context.extendedRequestID,
            "ip": "203.0.113.9", "caller": "-", "user": "-", "requestTime": "24/Nov/2026:22:40:00 +0000", "httpMethod": "GET",
            "resourcePath": "/users", "status": "200", "protocol": "HTTP/1.1", "responseLength": "5",
            "responseTime": "37", "error": "-", "integrationError": "-",
        ])
        // Keys are in the order Terraform's jsonencode writes them (sorted).
        #expect(sink.lines[0].line.hasPrefix(#"{"caller":"-","error":"-","extendedRequestId":"#))
    }

    @Test func refusalsAndFailuresAreLogged() throws {
        let sink = CollectingSink()
        var engine = Fixtures.engine(sink: sink)
        _ = engine.handle(Fixtures.request("GET", "/prod/missing"))
        var fields = try line(sink, 0)
        #expect(fields["status"] == "403")
        #expect(fields["error"] == "Missing Authentication Token")
        #expect(fields["resourcePath"] == "-")
        #expect(fields["integrationError"] == "-")
        #expect(fields["responseLength"] == "42")

        let invocation = try #require(Fixtures.invocation(engine.handle(Fixtures.request("POST", "/prod/users"))))
        _ = engine.complete(invocation, result: .timedOut, nowNanos: 29_000_001_000)
        fields = try line(sink, 1)
        #expect(fields["status"] == "504")
        #expect(fields["httpMethod"] == "POST")
        #expect(fields["error"] == "Endpoint request timed out")
        #expect(fields["integrationError"] == "Execution failed due to a timeout error")

        let bad = try #require(Fixtures.invocation(engine.handle(Fixtures.request("GET", "/prod/health"))))
        _ = engine.complete(bad, result: .success(Array("nope".utf8)), nowNanos: 2_000)
        fields = try line(sink, 2)
        #expect(fields["status"] == "502")
        #expect(fields["integrationError"] == "Malformed Lambda proxy response")

        _ = engine.handle(Fixtures.request("OPTIONS", "/prod/health"))
        fields = try line(sink, 3)
        #expect(fields["status"] == "200" && fields["httpMethod"] == "OPTIONS" && fields["responseLength"] == "0")
    }

    @Test func latencyIsMeasuredOnTheMonotonicClockAndNeverNegative() throws {
        var engine = Fixtures.engine()
        let invocation = try #require(Fixtures.invocation(engine.handle(Fixtures.request("GET", "/prod/users", nanos: 10_000_000))))
        let ok = Array(#"{"statusCode":200}"#.utf8)
        #expect(engine.finish(invocation, result: .success(ok), nowNanos: 47_900_000).1.responseLatencyMillis == 37)
        #expect(engine.finish(invocation, result: .success(ok), nowNanos: 5).1.responseLatencyMillis == 0)
    }

    @Test func noLinesWhenLoggingIsDisabled() throws {
        let sink = CollectingSink()
        var inputs = Fixtures.seedInputs()
        inputs.enableLogging = false
        var engine = Fixtures.engine(inputs, sink: sink)
        _ = engine.handle(Fixtures.request("GET", "/prod/missing"))
        _ = engine.handle(Fixtures.request("OPTIONS", "/prod/users"))
        #expect(sink.lines.isEmpty)
    }

    @Test func formatterKnowsAWSVariablesAndEscapes() {
        let context = RequestContext(
            requestID: "r", extendedRequestID: "e=", traceID: "Root=1-00000000-abc", apiID: "api", accountID: "1", stage: "prod",
            deploymentID: "d", domainName: "api.execute-api.us-east-1.amazonaws.com", httpMethod: "GET", resourcePath: "/x",
            resourceID: "rid", path: "/prod/x", protocolVersion: "HTTP/1.1", sourceIP: "1.2.3.4", userAgent: "ua \"quoted\"",
            accept: nil, apiKey: nil, epochMillis: 0, startNanos: 0, tracingEnabled: true, accessLog: nil)
        let record = AccessLogRecord(
            context: context, status: 200, responseLength: 3, responseLatencyMillis: 12, integrationLatencyMillis: 10,
            integrationStatus: 200, integrationResponseStatus: 201)
        let out = AccessLogFormatter.render(
            format: "$context.integrationStatus $context.integration.status $context.requestTime $context.responseLatency $context.integration.latency $context.xrayTraceId "
                + "$context.identity.userAgent $context.identity.caller $context.stage. $context.bogus",
            record: record)
        #expect(AccessLogFormatter.value("responseLatency", record) == "12")
        #expect(out == #"200 201 01/Jan/1970:00:00:00 +0000 12 10 1-00000000-abc ua \"quoted\" - prod. -"#)
    }
}
