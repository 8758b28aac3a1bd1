import Foundation
import HTTP
import RegionStack
import Testing

/// Issue 10, finding 4, the users service's side, over real sockets against the stack's own DSQL
/// cluster: an email with a NUL character was stored cut at the NUL and answered 201. DSQL
/// refuses it as PostgreSQL does (`22021`); the seed's handler turns that database error into its
/// 500 "Failed to create user" with the error's text in `details`, and nothing is stored.
@Suite(.serialized) struct StackNULTextTests {
    @Test func anEmailWithANULIsRefusedNotCut() async throws {
        var options = StackOptions.testing()
        options.configuration = try StackConfiguration.load(path: nil)
        let runtime = StackRuntime()
        let endpoints = try await runtime.start(options)
        defer { Task { await runtime.stop() } }
        let port = try #require(endpoints.regionPorts[.primary])
        let body = #"{"name": "Nul User", "email": "a\u0000b@example.com"}"#
        let answer = try await HTTPClient.send(
            port: port, method: "POST", path: "/prod/users", headers: [("Content-Type", "application/json")],
            body: Array(body.utf8), timeout: .seconds(30))
        #expect(answer.status == 500, "\(answer.status) \(answer.text)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any])
        #expect(object["error"] as? String == "Failed to create user")
        #expect(object["details"] as? String == #"invalid byte sequence for encoding "UTF8": 0x00"#)
        #expect(object["region"] as? String == "us-east-1")

        // Nothing was stored, cut or whole.
        let list = try await HTTPClient.send(port: port, method: "GET", path: "/prod/users", timeout: .seconds(30))
        let users = try #require((try JSONSerialization.jsonObject(with: Data(list.body)) as? [String: Any])?["users"] as? [[String: Any]])
        #expect(!users.contains { ($0["email"] as? String)?.hasPrefix("a") == true && ($0["name"] as? String) == "Nul User" })
    }
}
