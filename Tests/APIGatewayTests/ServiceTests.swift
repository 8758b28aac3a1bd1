import Foundation
import Testing
@testable import APIGateway

@Suite struct ServiceTests {
    @Test func directoryResolvesByHostThenPath() throws {
        let service = GatewayService(Fixtures.engine())
        let directory = GatewayDirectory()
        directory.register(service)
        #expect(directory.apiIDs == ["a1b2c3d4e5"])

        guard case .api(let byHost, let hostPath) = directory.resolve(host: "a1b2c3d4e5.execute-api.us-east-1.localhost:4566", path: "/prod/users") else {
            Issue.record("host routing failed")
            return
        }
        #expect(byHost === service && hostPath == "/prod/users")
        guard case .api(let byPath, let rest) = directory.resolve(host: "localhost:4566", path: "/_aws/execute-api/a1b2c3d4e5/prod/health") else {
            Issue.record("path routing failed")
            return
        }
        #expect(byPath === service && rest == "/prod/health")
        guard case .unknownAPI(let id) = directory.resolve(host: "zzzzzzzzzz.execute-api.us-east-1.localhost", path: "/prod") else {
            Issue.record("unknown api not reported")
            return
        }
        #expect(id == "zzzzzzzzzz")
        guard case .notGateway = directory.resolve(host: "localhost", path: "/admin") else {
            Issue.record("non-gateway request claimed")
            return
        }
        directory.remove(apiID: "a1b2c3d4e5")
        #expect(directory.service(apiID: "a1b2c3d4e5") == nil)
    }

    @Test func serviceRunsTheTwoStepFlowFromManyThreads() async throws {
        let service = GatewayService(Fixtures.engine())
        let statuses = await withTaskGroup(of: Int.self) { group in
            for i in 0..<64 {
                group.addTask {
                    let step = service.handle(Fixtures.request("GET", "/prod/users", nanos: UInt64(i)))
                    guard case .invoke(let invocation) = step else { return -1 }
                    return service.complete(invocation, result: .success(Array(#"{"statusCode":200}"#.utf8)), nowNanos: 1_000_000).status
                }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 64))
    }

    @Test func serviceAdmitsUnderTheLockAndEncodesTheSameEventAsTheEngine() throws {
        let service = GatewayService(Fixtures.engine())
        var engine = Fixtures.engine()
        var admitting = Fixtures.engine()
        let requests = [
            Fixtures.request("GET", "/prod/users?limit=10", headers: [HeaderField("User-Agent", "t")], nanos: 10),
            Fixtures.request("POST", "/prod/users", body: Array(#"{"name":"a"}"#.utf8), nanos: 20),
            Fixtures.request("GET", "/prod/health", nanos: 30),
            Fixtures.request("GET", "/prod/nowhere", nanos: 40),
        ]
        for request in requests {
            let viaService = service.handle(request)
            let viaEngine = engine.handle(request)
            let admission = admitting.admit(request)
            switch (viaService, viaEngine, admission) {
            case (.invoke(let a), .invoke(let b), .proxy(let call)):
                let c = call.invocation()
                #expect(a.event == b.event && b.event == c.event, "\(request.rawPath): same event bytes")
                #expect(a.functionARN == Fixtures.functionARN && c.functionARN == Fixtures.functionARN)
                #expect(a.context == b.context && b.context == c.context)
                #expect(c.timeoutNanos == LambdaInvocation.integrationTimeoutNanos)
            case (.respond(let a), .respond(let b), .respond(let c)):
                #expect(a.status == 403 && a.status == b.status && b.status == c.status, "\(request.rawPath)")
                #expect(a.body == b.body && b.body == c.body)
            default:
                Issue.record("\(request.rawPath): service, engine and admit disagree")
            }
        }
    }

    /// Prints the cost of one request through `handle` + `complete` (no pass/fail threshold).
    /// Run with `REGIONSTACK_BENCH=1 swift test --skip-build --filter pipelineBenchmark`.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["REGIONSTACK_BENCH"] != nil))
    func pipelineBenchmark() throws {
        var engine = Fixtures.engine()
        let payload = Array(#"{"statusCode":200,"headers":{"Content-Type":"application/json"},"body":"{\"users\":[]}"}"#.utf8)
        let count = 5_000
        let clock = ContinuousClock()
        var ok = 0
        let elapsed = clock.measure {
            for i in 0..<count {
                let request = Fixtures.request(
                    "GET", "/prod/users?limit=10", headers: [HeaderField("User-Agent", "bench"), HeaderField("Accept", "*/*")],
                    nanos: UInt64(i) * 1_000_000)
                if case .invoke(let invocation) = engine.handle(request),
                    engine.complete(invocation, result: .success(payload), nowNanos: UInt64(i) * 1_000_000 + 500).status == 200
                {
                    ok += 1
                }
            }
        }
        #expect(ok == count)
        var handleOnly = Fixtures.engine()
        let handleElapsed = clock.measure {
            for i in 0..<count {
                _ = handleOnly.handle(Fixtures.request(
                    "GET", "/prod/users?limit=10", headers: [HeaderField("User-Agent", "bench"), HeaderField("Accept", "*/*")],
                    nanos: UInt64(i) * 1_000_000))
            }
        }
        print("APIGateway handle only: \(handleElapsed / count) per request")
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("APIGateway pipeline: \(count) GET requests in \(String(format: "%.3f", seconds)) s = "
            + "\(String(format: "%.1f", seconds / Double(count) * 1e6)) µs/request")
    }
}
