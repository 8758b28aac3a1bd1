import DSQL
import Foundation
import Glibc
import HTTP
import RegionStack
import Synchronization
import Testing

/// A stack booted in-process on free ports over a data directory (not ephemeral), with the
/// stack's own DSQL cluster: what the storage-fault tests break and restart.
struct DataDirectoryStack {
    let runtime: StackRuntime
    let endpoints: StackEndpoints

    static func options(_ directory: String) throws -> StackOptions {
        var options = StackOptions.testing()
        options.configuration = try StackConfiguration.load(path: nil)
        options.ephemeral = false
        options.dataDirectory = directory
        return options
    }

    static func boot(_ directory: String) async throws -> DataDirectoryStack {
        let runtime = StackRuntime()
        return DataDirectoryStack(runtime: runtime, endpoints: try await runtime.start(options(directory)))
    }

    var dsql: DSQLCluster? { runtime.assembly?.dsql }

    func send(_ role: StackRegionRole, _ method: String, _ path: String, json: String? = nil) async throws -> HTTPClientResponse {
        try await HTTPClient.send(
            port: endpoints.regionPorts[role]!, method: method, path: "/prod" + path,
            headers: json == nil ? [] : [("Content-Type", "application/json")], body: Array((json ?? "").utf8),
            timeout: .seconds(30))
    }

    /// POSTs a user; true on 201 (an acknowledged commit).
    func createUser(_ role: StackRegionRole, email: String) async throws -> HTTPClientResponse {
        try await send(role, "POST", "/users", json: #"{"name":"Fault Test","email":"\#(email)"}"#)
    }

    func adminHealth() async throws -> HTTPClientResponse {
        try await HTTPClient.send(port: endpoints.adminPort, method: "GET", path: "/_regionstack/health", timeout: .seconds(10))
    }

    /// One statement through the admin SQL console: the first result object.
    func sql(_ region: String, _ statement: String) async throws -> [String: Any] {
        let body = #"{"region":"\#(region)","statements":[{"sql":\#(JSONText.quote(statement))}]}"#
        let r = try await HTTPClient.send(
            port: endpoints.adminPort, method: "POST", path: "/_regionstack/sql", body: Array(body.utf8), timeout: .seconds(30))
        let json = try #require(JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any], "\(r.text)")
        return try #require((json["results"] as? [[String: Any]])?.first, "\(r.text)")
    }

    /// The emails a region lists through `GET /prod/users` (nil unless it answers 200).
    func emails(_ role: StackRegionRole) async throws -> Set<String>? {
        let r = try await send(role, "GET", "/users")
        guard r.status == 200,
              let object = try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any],
              let users = object["users"] as? [[String: Any]]
        else { return nil }
        return Set(users.compactMap { $0["email"] as? String })
    }

    /// Every email a region holds, read through the SQL console (nil when the read fails).
    func storedEmails(_ region: String) async throws -> Set<String>? {
        let result = try await sql(region, "SELECT email FROM users")
        guard let rows = result["rows"] as? [[Any]] else { return nil }
        return Set(rows.compactMap { $0.first as? String })
    }

    /// Polls `condition` every 50 ms for at most `limit`; true once it held.
    static func eventually(_ limit: Duration = .seconds(20), _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    /// Waits until both regions have applied everything committed.
    func converge() async throws {
        try await dsql?.waitForConvergence()
    }

    func stop() async { await runtime.stop() }
}

/// Lines a cluster reported about its storage faults (collected instead of printed).
final class FaultLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

/// A fresh temporary directory for one test.
func storageTestDirectory(_ name: String) -> String {
    let path = NSTemporaryDirectory() + "regionstack-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
