import Glibc
import HTTP
import Testing
@testable import RegionStack
import UsersService

/// The seed application end to end over sockets: listeners, gateway, Lambda, users service, and
/// the TEST DOUBLE database (shared by both regions, standing in for the cluster).
@Suite("Stack: the seed API over sockets", .serialized)
struct StackSeedAPITests {
    @Test func healthUsersAndCrossRegionCreate() async throws {
        let stack = try await StackHarness.boot(vars: ["create_sample_data=true"])
        defer { Task { await stack.stop() } }
        for role in StackRegionRole.allCases {
            let health = try await stack.send(role, "/prod/health")
            #expect(health.status == 200, "\(role): \(health.text)")
            #expect(health.headers["content-type"] == "application/json")
            #expect(health.headers["access-control-allow-methods"] == "GET, POST, PUT, DELETE, OPTIONS")
            let body = try json(health)
            #expect(body["region"] == .string(stack.region(role)))
            #expect(body["region_type"] == .string(role.rawValue))
            #expect(body["database_status"] == .string("healthy"))
        }
        let listed = try json(try await stack.send(.primary, "/prod/users"))
        #expect(listed["count"] == .int(5), "db-init ran at start-up and created the five sample users")

        let post = try await stack.send(
            .primary, "POST", "/prod/users", headers: [("Content-Type", "application/json")],
            body: Array(#"{"name":"Test User","email":"test@example.com"}"#.utf8))
        #expect(post.status == 201, "\(post.text)")
        #expect(try json(post)["region"] == .string("primary"))
        let secondary = try json(try await stack.send(.secondary, "/prod/users"))
        #expect(secondary["count"] == .int(6))
        #expect(secondary["region"] == .string(stack.region(.secondary)))
        let duplicate = try await stack.send(
            .secondary, "POST", "/prod/users", body: Array(#"{"name":"Again","email":"test@example.com"}"#.utf8))
        #expect(duplicate.status == 409)
        #expect(duplicate.text == #"{"error": "User with this email already exists", "region": "\#(stack.region(.secondary))"}"#)
    }

    @Test func gatewayAnswersMissingRoutesAndPreflightItself() async throws {
        let stack = try await StackHarness.boot()
        defer { Task { await stack.stop() } }
        for path in ["/prod/nope", "/prod/users/1", "/other/health", "/"] {
            let missing = try await stack.send(.primary, path)
            #expect(missing.status == 403, "\(path)")
            #expect(missing.text == #"{"message":"Missing Authentication Token"}"#, "\(path)")
        }
        let delete = try await stack.send(.primary, "DELETE", "/prod/users")
        #expect(delete.status == 403)

        let preflight = try await stack.send(.secondary, "OPTIONS", "/prod/users", headers: [("Origin", "http://x.example")])
        #expect(preflight.status == 200)
        #expect(preflight.headers["access-control-allow-headers"] == "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token")
        #expect(preflight.headers["access-control-allow-methods"] == "GET,POST,PUT,DELETE,OPTIONS")
        #expect(preflight.headers["access-control-allow-origin"] == "*")
        #expect(preflight.headers.values(for: "content-length").count == 1)
    }

    @Test func edgeRoutesByHostAndByPath() async throws {
        let stack = try await StackHarness.boot()
        defer { Task { await stack.stop() } }
        let edge = try #require(stack.endpoints.edgePort)
        for role in StackRegionRole.allCases {
            let host = "\(stack.apiID(role)).execute-api.\(stack.region(role)).localhost"
            let byHost = try await DedicatedThread.run {
                try HTTPClientConnection(port: edge).request(path: "/prod/health", host: host, port: edge)
            }
            #expect(byHost.status == 200, "\(byHost.text)")
            #expect(try json(byHost)["region_type"] == .string(role.rawValue))
            let byPath = try await HTTPClient.send(port: edge, path: "/_aws/execute-api/\(stack.apiID(role))/prod/health")
            #expect(byPath.status == 200)
            #expect(try json(byPath)["region_type"] == .string(role.rawValue))
        }
        let unknown = try await HTTPClient.send(port: edge, path: "/_aws/execute-api/zzzzzzzzzz/prod/health")
        #expect(unknown.status == 404)
        let neither = try await HTTPClient.send(port: edge, path: "/prod/health")
        #expect(neither.status == 404)
    }

    @Test func outputsFileHasTheSeedKeysAndLocalURLs() async throws {
        let stack = try await StackHarness.boot()
        defer { Task { await stack.stop() } }
        let text = try #require(stack.outputsText)
        let outputs = try PyJSONParser.parse(text)
        for key in [
            "aurora_dsql_clusters", "primary_cluster_arn", "secondary_cluster_arn", "lambda_functions",
            "primary_lambda_function_name", "api_gateway_endpoints", "primary_api_endpoint", "secondary_api_endpoint",
            "api_gateway_stage_name", "cloudwatch_log_groups", "validation_commands", "regions_configuration",
            "deployment_metadata", "admin_url", "edge_url", "api_keys",
        ] {
            #expect(outputs[key] != nil, "missing output \(key)")
        }
        // terraform output -json's shape: every output is {"sensitive", "type", "value"}.
        let health = outputs["api_gateway_endpoints"]?["value"]?["primary"]?["health_url"]
        #expect(health == .string("http://127.0.0.1:\(stack.port(.primary))/prod/health"))
        #expect(outputs["api_keys"]?["value"] == .object([]))
        #expect(outputs["api_keys"]?["sensitive"] == .bool(true))
        #expect(outputs["admin_url"]?["sensitive"] == .bool(false))
        #expect(outputs["admin_url"]?["type"] == .string("string"))
        #expect(stack.endpoints.outputs?.terraformText().contains("primary_api_endpoint") == true)
    }

    @Test func adminInvokeAPIAndLogs() async throws {
        let stack = try await StackHarness.boot()
        defer { Task { await stack.stop() } }
        let names = try #require(stack.endpoints.outputs?.names)
        let event = #"{"httpMethod":"GET","path":"/health"}"#
        let invoked = try await HTTPClient.send(
            port: stack.endpoints.adminPort, method: "POST",
            path: "/_regionstack/lambda/2015-03-31/functions/\(names.secondary.functionName)/invocations", body: Array(event.utf8))
        #expect(invoked.status == 200, "\(invoked.text)")
        let proxy = try json(invoked)
        #expect(proxy["statusCode"] == .int(200))
        let missing = try await HTTPClient.send(
            port: stack.endpoints.adminPort, method: "POST", path: "/_regionstack/lambda/2015-03-31/functions/nope/invocations",
            body: Array("{}".utf8))
        #expect(missing.status == 404)

        _ = try await stack.send(.primary, "/prod/health")
        let group = names.primary.apiLogGroupName
        let logs = try await HTTPClient.send(port: stack.endpoints.adminPort, path: "/_regionstack/logs?group=\(group)&limit=5")
        #expect(logs.status == 200)
        guard case .array(let events)? = try json(logs)["events"] else { Issue.record("no events: \(logs.text)"); return }
        #expect(!events.isEmpty)
        #expect(events.last?["message"]?.text.contains("/health") == true, "\(logs.text)")
        let lambdaLogs = try await HTTPClient.send(
            port: stack.endpoints.adminPort, path: "/_regionstack/logs?group=\(names.primary.functionLogGroupName)&limit=50")
        #expect(lambdaLogs.text.contains("START RequestId"))
    }

    @Test func badInputNeverCrashesTheStack() async throws {
        let stack = try await StackHarness.boot()
        defer { Task { await stack.stop() } }
        let cases: [(String, Int, String)] = [
            ("{not json", 400, #"{"error": "Invalid JSON in request body"}"#),
            ("", 400, #"{"error": "Request body is required"}"#),
            (#"{"name": 7, "email": "a@b.co"}"#, 500, "'int' object has no attribute 'strip'"),
            (#"["x"]"#, 400, #"{"error": "Invalid request format"}"#),
        ]
        for (body, status, text) in cases {
            let response = try await stack.send(.primary, "POST", "/prod/users", body: Array(body.utf8))
            #expect(response.status == status, "\(body)")
            #expect(response.text.contains(text), "\(body): \(response.text)")
        }
        let huge = [UInt8](repeating: UInt8(ascii: "a"), count: 10 * 1024 * 1024 + 1)
        // The listener answers 413 before reading the body; the client may see the reset instead.
        do {
            let tooLarge = try await stack.send(.primary, "POST", "/prod/users", body: huge)
            #expect(tooLarge.status == 413)
        } catch {
            print("10 MB body: client saw \(error) (the server closed before the upload ended)")
        }
        let after = try await stack.send(.primary, "/prod/health")
        #expect(after.status == 200, "the listener still serves after the oversized body")
    }
}
