import Glibc
import HTTP
import Testing
@testable import RegionStack

@Suite("regionstack up (in-process)")
struct StackRuntimeUpTests {
    @Test func bootsOnAFreePortServesHealthWritesOutputsAndStops() async throws {
        let path = "/tmp/regionstack-up-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).json"
        defer { unlink(path) }
        var options = StackOptions.testing()
        options.adminOnly = true
        options.outputsFile = path
        let runtime = StackRuntime()
        let endpoints = try await runtime.start(options)
        #expect(endpoints.adminPort > 0)
        #expect(endpoints.healthURL == "http://127.0.0.1:\(endpoints.adminPort)/_regionstack/health")

        let health = try await HTTPClient.send(port: endpoints.adminPort, path: "/_regionstack/health")
        #expect(health.status == 200)
        #expect(health.headers["content-type"] == "application/json")
        #expect(health.text.hasPrefix(#"{"status":"ok","service":"regionstack","uptime_ms":"#))

        let missing = try await HTTPClient.send(port: endpoints.adminPort, path: "/_regionstack/nope")
        #expect(missing.status == 404)
        #expect(missing.text == #"{"error":"not_found","path":"/_regionstack/nope"}"#)

        let post = try await HTTPClient.send(port: endpoints.adminPort, method: "POST", path: "/_regionstack/health")
        #expect(post.status == 405)

        let outputs = try #require(readFile(path))
        #expect(outputs.contains(#""admin_url": "\#(endpoints.adminURL)""#))
        #expect(outputs.contains(#""health_url": "\#(endpoints.healthURL)""#))

        await expectThrows { _ = try await runtime.start(options) }

        await runtime.stop()
        await expectThrows {
            _ = try await HTTPClient.send(port: endpoints.adminPort, path: "/_regionstack/health", timeout: .seconds(1))
        }
    }

    func expectThrows(_ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected an error")
        } catch {}
    }

    func readFile(_ path: String) -> String? { StackHarness.readFile(path) }
}
