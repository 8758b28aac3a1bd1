import Chaos
import Glibc
import HTTP
import Observability
import RegionStack
import Testing

/// The Route 53 health checks and the global failover endpoint, over real sockets.
@Suite(.serialized) struct FailoverEndpointTests {
    static func boot(_ vars: [String], interval: Duration = .milliseconds(100)) async throws -> (StackRuntime, StackEndpoints) {
        var options = StackOptions.testing()
        options.configuration = try StackConfiguration.load(path: nil, overrides: vars)
        options.healthCheckInterval = interval
        options.healthCheckFailureThreshold = 3
        let runtime = StackRuntime()
        return (runtime, try await runtime.start(options))
    }

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    static func admin(_ e: StackEndpoints, _ method: String, _ path: String, _ body: String = "") async throws -> HTTPClientResponse {
        try await HTTPClient.send(port: e.adminPort, method: method, path: path, body: Array(body.utf8), timeout: .seconds(20))
    }

    /// Polls the global endpoint's health until `region` serves it; returns the seconds it took.
    static func waitForRegion(_ e: StackEndpoints, _ region: String, limit: Duration) async throws -> Double? {
        let start = now()
        let end = start + UInt64(limit.components.seconds) * 1_000_000_000 + UInt64(limit.components.attoseconds / 1_000_000_000)
        while now() < end {
            let r = try await HTTPClient.send(port: e.globalPort!, path: "/prod/health", timeout: .seconds(5))
            if r.headers["x-regionstack-region"] == region && r.status == 200 { return Double(now() - start) / 1e9 }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    @Test func globalEndpointFailsOverWhenThePrimaryFailsItsHealthCheckAndFailsBack() async throws {
        let (runtime, e) = try await Self.boot(["create_route53_health_checks=true"])
        defer { Task { await runtime.stop() } }
        let outputs = try #require(e.outputs)
        let checkID = outputs.names[.primary].healthCheckID
        #expect(outputs[path: "global_endpoint"] == .string("http://127.0.0.1:\(e.globalPort!)"))
        #expect(outputs[path: "route53_health_checks.primary.id"] == .string(checkID))
        #expect(outputs[path: "route53_health_checks.primary.failure_threshold"] == .int(3))
        #expect(outputs[path: "route53_health_checks.secondary.resource_path"] == .string("/prod/health"))

        // The primary answers while healthy.
        let first = try await HTTPClient.send(port: e.globalPort!, path: "/prod/health")
        #expect(first.status == 200)
        #expect(first.headers["x-regionstack-region"] == "us-east-1")
        #expect(first.headers["x-regionstack-failover-record"] == "PRIMARY")

        // LocalStack's Route 53 failover tutorial: an outage of the primary's API Gateway.
        let rules = #"[{"service": "apigateway", "region": "us-east-1"}]"#
        let set = try await Self.admin(e, "POST", "/_localstack/chaos/faults", rules)
        #expect(set.status == 200)
        #expect(set.text == rules)
        // 3 intervals of 100 ms plus one second.
        let failover = try await Self.waitForRegion(e, "us-east-2", limit: .milliseconds(1300))
        #expect(failover != nil, "no failover within 3 intervals + 1 s")
        let metrics = try #require(runtime.assembly?.metrics.store)
        #expect(metrics.gauge(Route53HealthChecks.metricKey(checkID)) == 0)
        let status = try await Self.admin(e, "GET", "/_regionstack/failover")
        #expect(status.text.contains(#""record":"SECONDARY""#))
        #expect(status.text.contains(#""status":"unhealthy""#))

        // Heal: the primary passes 3 probes and the record fails back.
        let cleared = try await Self.admin(e, "DELETE", "/_localstack/chaos/faults", rules)
        #expect(cleared.text == "[]")
        let failback = try await Self.waitForRegion(e, "us-east-1", limit: .seconds(5))
        #expect(failback != nil, "no failback within 5 s")
        #expect(metrics.gauge(Route53HealthChecks.metricKey(checkID)) == 1)

        // Writes go through the global endpoint too.
        let created = try await HTTPClient.send(
            port: e.globalPort!, method: "POST", path: "/prod/users", headers: [("Content-Type", "application/json")],
            body: Array(#"{"name":"Global User","email":"global@example.com"}"#.utf8))
        #expect(created.status == 201)
        await runtime.stop()
    }

    @Test func globalEndpointFailsOverWithinThreeIntervalsPlusOneSecondAfterThePrimaryIsKilled() async throws {
        let (runtime, e) = try await Self.boot(["create_route53_health_checks=true"], interval: .milliseconds(200))
        #expect(try await Self.waitForRegion(e, "us-east-1", limit: .seconds(2)) != nil)
        try await runtime.kill("primary")
        let failover = try await Self.waitForRegion(e, "us-east-2", limit: .milliseconds(1600))
        #expect(failover != nil, "no failover within 3 x 200 ms + 1 s of the kill")
        let status = try await Self.admin(e, "GET", "/_regionstack/status")
        #expect(status.text.contains(#""global_endpoint":{"record":"SECONDARY""#))
        #expect(status.text.contains(#""last_result":"connection refused""#))
        try await runtime.restore("primary")
        let failback = try await Self.waitForRegion(e, "us-east-1", limit: .seconds(5))
        #expect(failback != nil, "no failback within 5 s of the restore")
        await runtime.stop()
    }

    @Test func customDomainNameIsTheOnlyHostTheGlobalEndpointAnswers() async throws {
        let (runtime, e) = try await Self.boot(["custom_domain_name=api.example.com"])
        let raw = try HTTPClientConnection(port: e.globalPort!)
        try raw.send("GET /prod/health HTTP/1.1\r\nHost: API.example.com\r\n\r\n")
        #expect(try raw.readResponse().status == 200)
        try raw.send("GET /prod/health HTTP/1.1\r\nHost: other.example.org\r\n\r\n")
        let refused = try raw.readResponse()
        #expect(refused.status == 421)
        #expect(refused.text.contains("api.example.com"))
        await runtime.stop()
    }

    @Test func faultRuleTurnsThePrimarysAnswersInto503AtItsProbability() async throws {
        let (runtime, e) = try await Self.boot([])
        let rule = #"[{"service": "apigateway", "region": "us-east-1", "probability": 0.3, "error": {"statusCode": 503, "code": "ChaosOutage"}}]"#
        #expect(try await Self.admin(e, "POST", "/_localstack/chaos/faults", rule).status == 200)
        // The edge port serves the same Chaos API, as LocalStack's does.
        let viaEdge = try await HTTPClient.send(port: e.edgePort!, path: "/_localstack/chaos/faults")
        #expect(viaEdge.text == rule)
        let connection = try HTTPClientConnection(port: e.regionPorts[.primary]!)
        var faulted = 0
        let total = 400
        for _ in 0..<total {
            let r = try connection.request(path: "/prod/health", timeout: .seconds(20))
            if r.status == 503 {
                #expect(r.headers["x-amzn-errortype"] == "ChaosOutage")
                #expect(r.text.contains(#""__type":"ChaosOutage""#))
                faulted += 1
            } else {
                #expect(r.status == 200)
            }
        }
        // 400 draws at p = 0.3: mean 120, sd 9.2; 6 sd either side.
        #expect((65...175).contains(faulted), "seeded run: \(faulted) of \(total) faulted")
        // The secondary is not matched.
        let secondary = try HTTPClientConnection(port: e.regionPorts[.secondary]!)
        for _ in 0..<20 { #expect(try secondary.request(path: "/prod/health", timeout: .seconds(20)).status == 200) }

        // Lambda's Invoke API, and the latency effect.
        let name = e.outputs!.names[.primary].functionName
        _ = try await Self.admin(e, "POST", "/_localstack/chaos/faults", #"[{"service": "lambda", "operation": "Invoke"}]"#)
        let invoke = try await Self.admin(e, "POST", "/_regionstack/lambda/2015-03-31/functions/\(name)/invocations", "{}")
        #expect(invoke.status == 503)
        #expect(invoke.headers["x-amzn-errortype"] == "ServiceUnavailable")
        #expect(invoke.text.contains("Service 'lambda' not accessible due to an outage"))
        _ = try await Self.admin(e, "POST", "/_localstack/chaos/faults", "[]")
        #expect(try await Self.admin(e, "POST", "/_localstack/chaos/effects", #"{"latency": 150}"#).text == #"{"latency": 150}"#)
        let start = Self.now()
        #expect(try connection.request(path: "/prod/health", timeout: .seconds(20)).status == 200)
        #expect(Self.now() - start >= 150_000_000)
        _ = try await Self.admin(e, "POST", "/_localstack/chaos/effects", #"{"latency": 0}"#)
        let bad = try await Self.admin(e, "POST", "/_localstack/chaos/faults", #"[{"probability": 2}]"#)
        #expect(bad.status == 400)
        #expect(bad.text.contains("probability"))
        await runtime.stop()
    }

    /// A SigV4-scoped request on the edge port (the AWS API router), as an SDK signs it.
    static func aws(
        _ e: StackEndpoints, service: String, region: String, _ method: String, _ path: String,
        headers: [(String, String)] = [], body: String = ""
    ) async throws -> HTTPClientResponse {
        let auth = "AWS4-HMAC-SHA256 Credential=test/20261202/\(region)/\(service)/aws4_request, SignedHeaders=host;x-amz-date, Signature=0"
        return try await HTTPClient.send(
            port: e.edgePort!, method: method, path: path, headers: [("Authorization", auth), ("X-Amz-Date", "20261202T000000Z")] + headers,
            body: Array(body.utf8), timeout: .seconds(20))
    }

    @Test func faultRulesReachTheAWSAPIsOnTheEdgePortInEachServicesErrorShape() async throws {
        let (runtime, e) = try await Self.boot([])
        defer { Task { await runtime.stop() } }
        let name = e.outputs!.names[.primary].functionName
        let getFunction = "/2015-03-31/functions/\(name)"
        #expect(try await Self.aws(e, service: "lambda", region: "us-east-1", "GET", getFunction).status == 200)

        // rest-json (Lambda): the rule's status, x-amzn-ErrorType and LocalStack's message; only the rule's region and operation.
        let rule = #"[{"service": "lambda", "region": "us-east-1", "operation": "GetFunction", "error": {"statusCode": 503, "code": "ChaosOutage"}}]"#
        #expect(try await Self.admin(e, "POST", "/_localstack/chaos/faults", rule).status == 200)
        let faulted = try await Self.aws(e, service: "lambda", region: "us-east-1", "GET", getFunction)
        #expect(faulted.status == 503, "\(faulted.text)")
        #expect(faulted.headers["x-amzn-errortype"] == "ChaosOutage")
        #expect(faulted.text.contains("Service 'lambda' not accessible due to an outage"), "\(faulted.text)")
        #expect(faulted.headers["x-amzn-requestid"] != nil)
        #expect(try await Self.aws(e, service: "lambda", region: "us-east-1", "GET", "/2015-03-31/functions").status == 200,
                "ListFunctions is another operation")
        let other = e.outputs!.names[.secondary].functionName
        #expect(try await Self.aws(e, service: "lambda", region: "us-east-2", "GET", "/2015-03-31/functions/\(other)").status == 200,
                "another region")

        // query (STS): an XML ErrorResponse with the rule's code; the default error is 503 ServiceUnavailable.
        _ = try await Self.admin(e, "POST", "/_localstack/chaos/faults", #"[{"service": "sts"}]"#)
        let sts = try await Self.aws(
            e, service: "sts", region: "us-east-1", "POST", "/", headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: "Action=GetCallerIdentity&Version=2011-06-15")
        #expect(sts.status == 503 && sts.text.contains("<Code>ServiceUnavailable</Code>"), "\(sts.status) \(sts.text)")
        #expect(sts.text.contains("Service &apos;sts&apos; not accessible due to an outage"), "XML-escaped: \(sts.text)")

        // Cleared: everything answers again; the latency effect delays AWS API calls too.
        _ = try await Self.admin(e, "POST", "/_localstack/chaos/faults", "[]")
        _ = try await Self.admin(e, "POST", "/_localstack/chaos/effects", #"{"latency": 200}"#)
        let start = Self.now()
        #expect(try await Self.aws(e, service: "lambda", region: "us-east-1", "GET", getFunction).status == 200)
        #expect(Self.now() - start >= 200_000_000, "the effect's latency comes first")
        _ = try await Self.admin(e, "POST", "/_localstack/chaos/effects", #"{"latency": 0}"#)
    }

    @Test func sameSeedSameFaults() async throws {
        func run() async throws -> [Int] {
            let (runtime, e) = try await Self.boot([])
            _ = try await Self.admin(e, "POST", "/_localstack/chaos/faults", #"[{"service": "apigateway", "probability": 0.5}]"#)
            let c = try HTTPClientConnection(port: e.regionPorts[.secondary]!)
            var statuses: [Int] = []
            for _ in 0..<40 { statuses.append(try c.request(path: "/prod/health", timeout: .seconds(20)).status) }
            await runtime.stop()
            return statuses
        }
        let a = try await run()
        let b = try await run()
        #expect(a == b)
        #expect(a.contains(503) && a.contains(200))
    }
}
