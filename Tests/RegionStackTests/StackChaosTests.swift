import Foundation
import Glibc
import HTTP
import Lambda
import RegionStack
import Synchronization
import Testing

/// Region kills, pauses and partitions of the real stack (its own DSQL cluster), over sockets.
@Suite("Stack: chaos over sockets", .serialized)
struct StackChaosTests {
    struct Stack {
        let runtime: StackRuntime
        let endpoints: StackEndpoints

        static func boot(_ vars: [String] = []) async throws -> Stack {
            var options = StackOptions.testing()
            options.configuration = try StackConfiguration.load(path: nil, overrides: vars)
            let runtime = StackRuntime()
            return Stack(runtime: runtime, endpoints: try await runtime.start(options))
        }

        func send(
            _ role: StackRegionRole, _ method: String, _ path: String, json: String? = nil, timeout: Duration = .seconds(30)
        ) async throws -> HTTPClientResponse {
            try await HTTPClient.send(
                port: endpoints.regionPorts[role]!, method: method, path: "/prod" + path,
                headers: json == nil ? [] : [("Content-Type", "application/json")], body: Array((json ?? "").utf8),
                timeout: timeout)
        }

        /// POST /users; the status, or nil when the request failed at the socket (refused, timed out).
        func create(_ role: StackRegionRole, _ email: String, timeout: Duration = .seconds(30)) async -> Int? {
            try? await send(role, "POST", "/users", json: #"{"name":"Chaos","email":"\#(email)"}"#, timeout: timeout).status
        }

        func emails(_ role: StackRegionRole) async throws -> Set<String> {
            let r = try await send(role, "GET", "/users")
            #expect(r.status == 200, "\(role): \(r.text)")
            let object = try #require(JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any])
            return Set((object["users"] as? [[String: Any]] ?? []).compactMap { $0["email"] as? String })
        }

        func admin(_ method: String, _ path: String, _ body: String = "") async throws -> (Int, [String: Any]) {
            let r = try await HTTPClient.send(
                port: endpoints.adminPort, method: method, path: path, body: Array(body.utf8), timeout: .seconds(30))
            return (r.status, (try? JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any]) ?? ["text": r.text])
        }

        /// Retries `body` until it returns true or `limit` passes; the time it took, or nil.
        func until(_ limit: Duration, _ body: () async -> Bool) async -> Duration? {
            let start = ContinuousClock.now
            while ContinuousClock.now - start < limit {
                if await body() { return ContinuousClock.now - start }
                try? await Task.sleep(for: .milliseconds(10))
            }
            return nil
        }

        func stop() async { await runtime.stop() }
    }

    static func isRefused(_ error: any Error) -> Bool {
        if case HTTPClientError.connect(let code) = error { return code == ECONNREFUSED }
        return false
    }

    @Test func killingThePrimaryFailsOverAndRestoreCatchesUp() async throws {
        let stack = try await Stack.boot()
        defer { Task { await stack.stop() } }
        #expect(await stack.create(.secondary, "before@example.com") == 201)

        let state = try await stack.runtime.kill("primary")
        #expect(state == .killed(.refuse))
        let recovered = await stack.until(.seconds(10)) { await stack.create(.secondary, "first@example.com", timeout: .seconds(5)) == 201 }
        let took = try #require(recovered, "the secondary never accepted POST /users after the primary's kill")
        #expect(took < .seconds(1), "the secondary accepted POST /users again only after \(took)")
        do {
            _ = try await stack.send(.primary, "GET", "/health", timeout: .seconds(2))
            Issue.record("the killed primary answered")
        } catch {
            #expect(Self.isRefused(error), "expected connection refused, got \(error)")
        }
        var created: Set = ["before@example.com", "first@example.com"]
        for i in 0..<5 {
            #expect(await stack.create(.secondary, "during-\(i)@example.com") == 201)
            created.insert("during-\(i)@example.com")
        }
        // The primary's Lambda environments were discarded.
        let names = try #require(stack.endpoints.outputs?.names)
        let invoker = try #require(stack.runtime.assembly?.region(.primary).invoker)
        #expect(invoker.environmentCounts(of: names[.primary].functionName)?.warm == 0)

        #expect(try await stack.runtime.restore("primary") == .up)
        #expect(try await stack.runtime.restore("primary") == .up, "restore is idempotent")
        // Its first answer after restore already lists every user created meanwhile.
        var listed: Set<String> = []
        let served = await stack.until(.seconds(10)) {
            guard let r = try? await stack.send(.primary, "GET", "/users", timeout: .seconds(5)), r.status == 200,
                  let object = try? JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any]
            else { return false }
            listed = Set((object["users"] as? [[String: Any]] ?? []).compactMap { $0["email"] as? String })
            return true
        }
        #expect(served != nil, "the restored primary never served GET /users")
        #expect(created.isSubset(of: listed), "missing after restore: \(created.subtracting(listed))")
        #expect(await stack.create(.primary, "after@example.com") == 201)
    }

    @Test func killingTheWitnessLeavesBothRegionsWriting() async throws {
        let stack = try await Stack.boot()
        defer { Task { await stack.stop() } }
        #expect(try await stack.runtime.kill("witness") == .killed(.refuse))
        for i in 0..<5 {
            #expect(await stack.create(.primary, "p\(i)@example.com") == 201)
            #expect(await stack.create(.secondary, "s\(i)@example.com") == 201)
        }
        let both = try await stack.emails(.secondary)
        for i in 0..<5 { #expect(both.contains("p\(i)@example.com") && both.contains("s\(i)@example.com")) }
    }

    @Test func killingThePrimaryAndTheWitnessStopsTheSurvivorWithoutLosingAcknowledgedWrites() async throws {
        let stack = try await Stack.boot()
        defer { Task { await stack.stop() } }
        var acknowledged: Set<String> = []
        for i in 0..<3 where await stack.create(.secondary, "pre-\(i)@example.com") == 201 { acknowledged.insert("pre-\(i)@example.com") }
        #expect(acknowledged.count == 3)

        await #expect(throws: Never.self) { try await stack.runtime.kill("witness") }
        await #expect(throws: Never.self) { try await stack.runtime.kill("primary") }
        // The survivor notices it has no quorum: its health answers 503 as the seed's handler does.
        let unhealthy = await stack.until(.seconds(10)) {
            (try? await stack.send(.secondary, "GET", "/health", timeout: .seconds(5)).status) == 503
        }
        #expect(unhealthy != nil, "the secondary's health never answered 503 without a quorum")
        for i in 0..<3 {
            let email = "outage-\(i)@example.com"
            let status = await stack.create(.secondary, email, timeout: .seconds(20))
            #expect(status != 201, "a write was acknowledged without a quorum")
            if status == 201 { acknowledged.insert(email) }
        }
        try await stack.runtime.heal()
        let ready = await stack.until(.seconds(10)) { await stack.create(.secondary, "post@example.com", timeout: .seconds(5)) == 201 }
        #expect(ready != nil, "the secondary never wrote again after heal")
        acknowledged.insert("post@example.com")
        for role in [StackRegionRole.primary, .secondary] {
            let listed = try await stack.emails(role)
            #expect(acknowledged.isSubset(of: listed), "\(role) lost \(acknowledged.subtracting(listed))")
        }
    }

    @Test func theSplitLeavesExactlyOneDataRegionCommitting() async throws {
        let stack = try await Stack.boot()
        defer { Task { await stack.stop() } }
        try stack.runtime.partition("primary", "secondary")
        // Let the cut settle (a follower cut from its leader stops answering within a lease).
        try await Task.sleep(for: .seconds(1))
        var committed: [StackRegionRole: Int] = [.primary: 0, .secondary: 0]
        for i in 0..<4 {
            for role in [StackRegionRole.primary, .secondary] {
                if await stack.create(role, "split-\(role)-\(i)@example.com", timeout: .seconds(3)) == 201 { committed[role]! += 1 }
            }
        }
        let committing = committed.filter { $0.value > 0 }
        #expect(committing.count == 1, "regions committing during the split: \(committed)")
        #expect(committing.first?.value == 4, "the majority side commits every write: \(committed)")
        try await stack.runtime.heal()
        let healed = await stack.until(.seconds(10)) {
            await stack.create(.primary, "healed-p@example.com", timeout: .seconds(5)) == 201
        }
        #expect(healed != nil)
    }

    @Test func pausingTheLeadersRegionPastAnElectionLosesNothingAndServesNoStaleRead() async throws {
        let stack = try await Stack.boot()
        defer { Task { await stack.stop() } }
        let leader = try #require(try await stack.runtime.status().leader)
        let leaderRole: StackRegionRole = leader == stack.endpoints.outputs?.names[.primary].region ? .primary : .secondary
        let other: StackRegionRole = leaderRole == .primary ? .secondary : .primary
        #expect(await stack.create(leaderRole, "before-pause@example.com") == 201)

        let state = try await stack.runtime.pause(leader)
        #expect(state == .paused(resumeAt: nil))
        #expect(try await stack.runtime.pause(leader) == .paused(resumeAt: nil), "pause is idempotent")
        // The other data region elects a new leader with the witness and goes on writing.
        let wrote = await stack.until(.seconds(10)) {
            await stack.create(other, "during-pause@example.com", timeout: .seconds(5)) == 201
        }
        #expect(wrote != nil, "the other region never wrote while the leader's region was paused")
        #expect(try await stack.runtime.resume(leader) == .up)
        // The resumed region's first answer is not stale: it already has the write made while it slept.
        let listed = try await stack.emails(leaderRole)
        #expect(listed.contains("during-pause@example.com"), "stale read after resume")
        #expect(listed.contains("before-pause@example.com"))
        #expect(await stack.create(leaderRole, "after-pause@example.com") == 201)
        #expect(try await stack.emails(other).contains("after-pause@example.com"))
    }

    @Test func adminRoutesAreIdempotentAndRefuseBadInput() async throws {
        let stack = try await Stack.boot()
        defer { Task { await stack.stop() } }
        let kill = "/_regionstack/chaos/regions/us-east-2/kill"
        var (status, body) = try await stack.admin("POST", kill, #"{"mode":"blackhole"}"#)
        #expect(status == 200)
        #expect(body["state"] as? String == "killed" && body["mode"] as? String == "blackhole", "\(body)")
        (status, body) = try await stack.admin("POST", kill, #"{"mode":"blackhole"}"#)
        #expect(status == 200 && body["state"] as? String == "killed")
        // Blackhole: the connection opens, and nothing ever answers.
        do {
            _ = try await stack.send(.secondary, "GET", "/health", timeout: .milliseconds(500))
            Issue.record("a black-holed listener answered")
        } catch {
            #expect(!Self.isRefused(error), "blackhole must accept connections: \(error)")
        }
        (status, body) = try await stack.admin("POST", "/_regionstack/chaos/regions/us-east-2/pause", #"{"seconds":1}"#)
        #expect(status == 409, "\(body)")
        (status, body) = try await stack.admin("POST", "/_regionstack/chaos/regions/us-east-2/restore")
        #expect(status == 200 && body["state"] as? String == "up", "\(body)")
        (status, body) = try await stack.admin("POST", "/_regionstack/chaos/regions/secondary/restore")
        #expect(status == 200 && body["state"] as? String == "up", "restore is idempotent: \(body)")
        let healthy = await stack.until(.seconds(10)) { (try? await stack.send(.secondary, "GET", "/health", timeout: .seconds(3)).status) == 200 }
        #expect(healthy != nil)

        (status, body) = try await stack.admin("POST", "/_regionstack/chaos/regions/mars-1/kill")
        #expect(status == 404)
        #expect(body["regions"] as? [String] == ["us-east-1", "us-east-2", "us-west-2"], "\(body)")
        for (method, path, payload) in [
            ("POST", "/_regionstack/chaos/regions/us-east-1/kill", "{not json"),
            ("POST", "/_regionstack/chaos/regions/us-east-1/kill", #"{"mode":"explode"}"#),
            ("POST", "/_regionstack/chaos/regions/us-east-1/pause", #"{"seconds":-3}"#),
            ("PUT", "/_regionstack/chaos/links/us-east-1/us-east-2", #"{"loss":2}"#),
            ("PUT", "/_regionstack/chaos/links/us-east-1/us-east-2", #"{"latency":5}"#),
            ("PUT", "/_regionstack/chaos/links/us-east-1/us-east-1", #"{"partition":true}"#),
            ("PUT", "/_regionstack/chaos/latency", #"{"preset":"lunar"}"#),
        ] {
            (status, body) = try await stack.admin(method, path, payload)
            #expect(status == 400, "\(method) \(path) \(payload): \(status) \(body)")
            #expect(body["error"] as? String == "bad_request")
        }
        (status, _) = try await stack.admin("GET", "/_regionstack/chaos/regions/us-east-1/kill")
        #expect(status == 405)

        (status, body) = try await stack.admin(
            "PUT", "/_regionstack/chaos/links/us-east-1/us-west-2", #"{"latency_ms":40,"jitter_ms":5,"loss":0.01,"both":true}"#)
        #expect(status == 200, "\(body)")
        let links = body["links"] as? [[String: Any]] ?? []
        let slowed = links.filter { ($0["latency_ms"] as? NSNumber)?.intValue == 40 }
        #expect(Set(slowed.map { "\($0["from"]!)>\($0["to"]!)" }) == ["us-east-1>us-west-2", "us-west-2>us-east-1"])
        (status, body) = try await stack.admin("PUT", "/_regionstack/chaos/latency", #"{"preset":"realistic"}"#)
        #expect(status == 200)
        (status, body) = try await stack.admin("DELETE", "/_regionstack/chaos")
        #expect(status == 200)
        let healed = body["links"] as? [[String: Any]] ?? []
        #expect(healed.count == 6 && healed.allSatisfy { $0["partition"] as? Bool == false && ($0["latency_ms"] as? NSNumber)?.intValue == 0 })
        (status, body) = try await stack.admin("GET", "/_regionstack/status")
        #expect(status == 200)
        let regions = body["regions"] as? [[String: Any]] ?? []
        #expect(regions.map { $0["state"] as? String } == ["up", "up", "up"])
        #expect(regions.allSatisfy { ($0["log_node"] as? [String: Any])?["term"] != nil })
        #expect(body["health_checks"] is [Any])
    }
}

/// A stack whose regions are not the defaults: every name comes from the configuration.
@Suite("Stack: configured region names", .serialized)
struct StackRegionNameTests {
    static let vars = ["primary_region=eu-west-1", "secondary_region=eu-west-2", "witness_region=eu-central-1"]

    @Test func theEuropeanStackPassesTheSeedFlow() async throws {
        let stack = try await StackChaosTests.Stack.boot(Self.vars)
        defer { Task { await stack.stop() } }
        for (role, region) in [(StackRegionRole.primary, "eu-west-1"), (.secondary, "eu-west-2")] {
            let health = try await stack.send(role, "GET", "/health")
            #expect(health.status == 200, "\(role): \(health.text)")
            let object = try #require(JSONSerialization.jsonObject(with: Data(health.body)) as? [String: Any])
            #expect(object["region"] as? String == region)
            #expect((object["endpoint"] as? String)?.hasSuffix(".dsql.\(region).on.aws") == true, "\(object)")
        }
        #expect(try await stack.emails(.primary).count == 5, "db-init's sample users")
        #expect(await stack.create(.secondary, "test@example.com") == 201)
        #expect(try await stack.emails(.primary).contains("test@example.com"), "the primary lists it at once")
        let duplicate = try await stack.send(.secondary, "POST", "/users", json: #"{"name":"Again","email":"test@example.com"}"#)
        #expect(duplicate.status == 409)
        #expect(duplicate.text.contains("\"region\": \"eu-west-2\""), "\(duplicate.text)")

        // Chaos and status speak the configured names, and only those.
        let status = try await stack.runtime.status()
        #expect(status.regions.map(\.name) == ["eu-west-1", "eu-west-2", "eu-central-1"])
        #expect(!status.json.contains("us-"), "\(status.json)")
        #expect(try await stack.runtime.kill("eu-central-1") == .killed(.refuse))
        #expect(await stack.create(.primary, "witness-down@example.com") == 201)
        do {
            _ = try await stack.runtime.kill("us-east-1")
            Issue.record("a default region name was accepted")
        } catch {
            #expect(error == .unknownRegion("us-east-1", known: ["eu-west-1", "eu-west-2", "eu-central-1"]))
        }
        // The SQL console defaults to the configured primary.
        let sql = try await HTTPClient.send(
            port: stack.endpoints.adminPort, method: "POST", path: "/_regionstack/sql",
            body: Array(#"{"statements":[{"sql":"SELECT count(*) FROM users"}]}"#.utf8), timeout: .seconds(30))
        #expect(sql.status == 200 && sql.text.contains("eu-west-1"), "\(sql.text)")
    }
}

/// A kill ends the region's in-flight invocations and discards its warm environments.
@Suite("Stack: a kill reaches the Lambda service", .serialized)
struct StackChaosLambdaTests {
    @Test func inFlightInvocationsFailAndTheFirstInvocationAfterRestoreIsCold() async throws {
        let gate = Gate()
        let stack = try await StackHarness.boot(
            vars: ["lambda_timeout=30"], functionFactory: { _ in LambdaHandlerFactory { _ in ModeHandler(gate: gate) } })
        defer { Task { await stack.stop() } }
        let invoker = try #require(stack.runtime.assembly?.region(.primary).invoker)
        let names = try #require(stack.endpoints.outputs?.names)
        let function = names.primary.functionName
        #expect(try await stack.send(.primary, "/prod/users").status == 200)
        #expect(invoker.environmentCounts(of: function)?.warm == 1)

        let held = Task { try await stack.send(.primary, "/prod/users?mode=hold") }
        for _ in 0..<1000 where invoker.environmentCounts(of: function)?.busy != 1 { try await Task.sleep(for: .milliseconds(2)) }
        #expect(invoker.environmentCounts(of: function)?.busy == 1)
        #expect(try await stack.runtime.kill("primary") == .killed(.refuse))
        await #expect(throws: (any Error).self, "the in-flight request got no answer") { _ = try await held.value }
        let counts = invoker.environmentCounts(of: function)
        #expect(counts?.warm == 0 && counts?.busy == 0, "\(String(describing: counts))")
        gate.release()

        #expect(try await stack.runtime.restore("primary") == .up)
        #expect(try await stack.send(.primary, "/prod/users").status == 200)
        let logs = try #require(stack.runtime.assembly?.region(.primary).logs)
        let group = names.primary.functionLogGroupName
        let reports = try logs.describeLogStreams(group: group).flatMap { logs.messages(group: group, stream: $0.logStreamName) }
            .filter { $0.hasPrefix("REPORT") }
        // Three invocations: the first (cold), the held one (warm, killed), the first after restore (cold).
        #expect(reports.count == 3 && reports.filter { $0.contains("Init Duration") }.count == 2,
                "the first invocation after restore is a cold start: \(reports)")
    }
}

/// `regionstack status` and `regionstack chaos` against a real `regionstack up` process.
@Suite("Stack: the status and chaos commands", .serialized)
struct StackChaosCommandTests {
    /// Runs the binary with `arguments`; its exit status, stdout and stderr (through files, see
    /// `StackProcess` for why no pipes or FileHandles).
    static func run(_ binary: String, _ arguments: [String]) async throws -> (Int32, String, String) {
        let base = "/tmp/regionstack-cli-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(base + ".out"); unlink(base + ".err") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", #"out="$0"; err="$1"; shift; exec "$@" >"$out" 2>"$err""#, base + ".out", base + ".err", binary]
            + arguments
        try process.run()
        _ = try await DedicatedThread.run { process.waitUntilExit() }
        return (process.terminationStatus, StackHarness.readFile(base + ".out") ?? "", StackHarness.readFile(base + ".err") ?? "")
    }

    @Test func commandsFindTheStackThroughItsDataDirectory() async throws {
        let binary = try #require(StackProcess.binaryBesideTests(), "build with `swift build --build-tests` first")
        let data = "/tmp/regionstack-chaos-cli-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { _ = try? FileManager.default.removeItem(atPath: data); unlink(data + ".outputs.json") }
        let stack = try await StackProcess.start(binary: binary, dataDirectory: data, extraArguments: ["--ephemeral"])
        defer { Glibc.kill(stack.process.processIdentifier, SIGKILL) }

        var (status, out, err) = try await Self.run(binary, ["status", "--data-dir", data])
        #expect(status == 0, "\(err)")
        #expect(out.contains("us-east-1 (primary): up") && out.contains("us-west-2 (witness): up"), "\(out)")
        (status, out, err) = try await Self.run(binary, ["chaos", "kill", "us-east-1", "--data-dir", data])
        #expect(status == 0 && out.hasPrefix("us-east-1 (primary): killed (refuse)"), "\(out) \(err)")
        (status, out, err) = try await Self.run(binary, ["chaos", "partition", "secondary", "witness", "--data-dir", data])
        #expect(status == 0 && out.contains("link us-east-2 -> us-west-2: partitioned"), "\(out) \(err)")
        (status, out, err) = try await Self.run(binary, ["chaos", "kill", "mars-1", "--data-dir", data])
        #expect(status == 1)
        #expect(err == "regionstack: the stack answered 404: unknown region \"mars-1\": this stack's regions are us-east-1, us-east-2, us-west-2\n")
        (status, out, err) = try await Self.run(binary, ["chaos", "heal", "--data-dir", data])
        #expect(status == 0 && out.contains("links: all healthy"), "\(out) \(err)")
        (status, out, err) = try await Self.run(binary, ["status", "--data-dir", data])
        #expect(out.contains("us-east-1 (primary): up"), "\(out)")

        // An unreachable stack is one line, not usage text.
        (status, out, err) = try await Self.run(binary, ["status", "--admin", "http://127.0.0.1:1"])
        #expect(status == 1)
        #expect(err.hasPrefix("regionstack: cannot reach the stack at http://127.0.0.1:1") && err.filter { $0 == "\n" }.count == 1, "\(err)")
        (status, out, err) = try await Self.run(binary, ["chaos", "heal", "--data-dir", data + "-missing"])
        #expect(status == 1 && err.contains("no running stack found") && err.filter { $0 == "\n" }.count == 1, "\(err)")
    }
}
