import Foundation
import HTTP
import RegionStack
import Testing

/// The seed README's "Verify the Deployment" steps against the stack's own DSQL cluster (no test
/// double): listeners on free ports, db-init creating the DSQL-valid schema and sample users,
/// and strongly consistent reads across the two regions.
@Suite(.serialized) struct StackDSQLEndToEndTests {
    struct Stack {
        let runtime: StackRuntime
        let endpoints: StackEndpoints

        static func boot() async throws -> Stack {
            var options = StackOptions.testing()
            options.configuration = try StackConfiguration.load(path: nil)
            let runtime = StackRuntime()
            return Stack(runtime: runtime, endpoints: try await runtime.start(options))
        }

        func send(_ role: StackRegionRole, _ method: String, _ path: String, json: String? = nil) async throws -> HTTPClientResponse {
            try await HTTPClient.send(
                port: endpoints.regionPorts[role]!, method: method, path: "/prod" + path,
                headers: json == nil ? [] : [("Content-Type", "application/json")], body: Array((json ?? "").utf8),
                timeout: .seconds(30))
        }

        func sql(_ body: String) async throws -> [String: Any] {
            let r = try await HTTPClient.send(
                port: endpoints.adminPort, method: "POST", path: "/_regionstack/sql", body: Array(body.utf8), timeout: .seconds(30))
            #expect(r.status == 200, "\(r.text)")
            return try #require(JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any])
        }
    }

    static func object(_ r: HTTPClientResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any], "not a JSON object: \(r.text)")
    }

    static func emails(_ r: HTTPClientResponse) throws -> Set<String> {
        let users = try #require(try object(r)["users"] as? [[String: Any]])
        return Set(users.compactMap { $0["email"] as? String })
    }

    @Test func readmeVerifyStepsAgainstTheDSQLCluster() async throws {
        let stack = try await Stack.boot()
        defer { Task { await stack.runtime.stop() } }

        // Health from both regions: 200, and the health check really ran `SELECT 1` on DSQL.
        for role in [StackRegionRole.primary, .secondary] {
            let health = try await stack.send(role, "GET", "/health")
            #expect(health.status == 200, "\(role): \(health.text)")
            #expect(try Self.object(health)["query_successful"] as? Bool == true)
        }

        // The primary lists the five sample users db-init inserted.
        let list = try await stack.send(.primary, "GET", "/users")
        #expect(list.status == 200, "\(list.text)")
        let samples: Set = [
            "john.doe@example.com", "jane.smith@example.com", "bob.johnson@example.com",
            "alice.brown@example.com", "charlie.wilson@example.com",
        ]
        #expect(try Self.emails(list) == samples)

        // POST to the secondary is 201, and the user is listed at once from the primary.
        let created = try await stack.send(
            .secondary, "POST", "/users", json: #"{"name":"Test User","email":"test@example.com"}"#)
        #expect(created.status == 201, "\(created.text)")
        #expect(try Self.object(created)["region"] as? String == "secondary")
        #expect(try Self.emails(try await stack.send(.primary, "GET", "/users")).contains("test@example.com"))

        // A duplicate email from the other region is 409.
        let duplicate = try await stack.send(
            .primary, "POST", "/users", json: #"{"name":"Again","email":"test@example.com"}"#)
        #expect(duplicate.status == 409, "\(duplicate.text)")
        #expect(try Self.object(duplicate)["error"] as? String == "User with this email already exists")
    }

    @Test func recipeConcurrentLoopAllCreated() async throws {
        let stack = try await Stack.boot()
        defer { Task { await stack.runtime.stop() } }
        // The recipe's loop: five POSTs per region at once, all 201.
        let statuses = try await withThrowingTaskGroup(of: (String, Int).self) { group in
            for i in 1...5 {
                for (role, label) in [(StackRegionRole.primary, "Primary"), (.secondary, "Secondary")] {
                    group.addTask {
                        let r = try await stack.send(
                            role, "POST", "/users",
                            json: #"{"name":"User\#(i)\#(label)","email":"user\#(i)\#(label.lowercased())@example.com"}"#)
                        return ("user\(i)\(label.lowercased())", r.status)
                    }
                }
            }
            return try await group.reduce(into: [String: Int]()) { $0[$1.0] = $1.1 }
        }
        #expect(statuses.count == 10)
        #expect(statuses.values.allSatisfy { $0 == 201 }, "\(statuses)")
        // Every one of them is visible from both regions.
        for role in [StackRegionRole.primary, .secondary] {
            let emails = try Self.emails(try await stack.send(role, "GET", "/users"))
            #expect(statuses.keys.allSatisfy { emails.contains("\($0)@example.com") })
        }
    }

    @Test func sqlConsoleRunsStatementsAndReportsErrorsAsData() async throws {
        let stack = try await Stack.boot()
        defer { Task { await stack.runtime.stop() } }
        let answer = try await stack.sql(#"""
            {"region": "us-east-2", "transaction": true, "statements": [
              {"sql": "SELECT count(*) AS n FROM users"},
              {"sql": "SELECT name FROM users WHERE email = $1", "params": ["jane.smith@example.com"]}]}
            """#)
        let results = try #require(answer["results"] as? [[String: Any]])
        #expect(results.count == 2)
        #expect((results[0]["rows"] as? [[String?]])?.first?.first == "5")
        #expect((results[1]["rows"] as? [[String?]])?.first?.first == "Jane Smith")
        #expect((answer["commit"] as? [String: Any])?["command_tag"] as? String == "COMMIT")

        // A refused statement is a result with DSQL's SQLSTATE and text, not an HTTP error.
        let refused = try await stack.sql(#"{"region": "us-east-1", "statements": [{"sql": "TRUNCATE users"}]}"#)
        let error = try #require((refused["results"] as? [[String: Any]])?.first?["error"] as? [String: Any])
        #expect(error["sqlstate"] as? String == "0A000")
        #expect(error["message"] as? String == "unsupported statement: Truncate")

        // The witness has no endpoint.
        let witness = try await HTTPClient.send(
            port: stack.endpoints.adminPort, method: "POST", path: "/_regionstack/sql",
            body: Array(#"{"region": "us-west-2", "statements": [{"sql": "SELECT 1"}]}"#.utf8))
        #expect(witness.status == 400)
    }
}
