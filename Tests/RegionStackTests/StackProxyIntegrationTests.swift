import Glibc
import HTTP
import Lambda
import Testing
@testable import RegionStack
import UsersService

/// The proxy integration seen from inside a function: TEST HANDLERS registered through
/// `StackOptions.functionFactory` (echo, sleep past the timeout, throw, hold a concurrency slot).
@Suite("Stack: proxy integration with test handlers", .serialized)
struct StackProxyIntegrationTests {
    @Test func echoTimeoutErrorAndConcurrencyThrottle() async throws {
        let gate = Gate()
        let stack = try await StackHarness.boot(
            vars: ["lambda_timeout=1", "lambda_reserved_concurrency=1"],
            functionFactory: { _ in LambdaHandlerFactory { _ in ModeHandler(gate: gate) } })
        defer { Task { await stack.stop() } }

        // GET with a query string (repeated key, encoded value).
        let get = try await stack.send(.primary, "/prod/users?a=1&a=2&b=x%20y", headers: [("X-Custom", "one"), ("X-Custom", "two")])
        #expect(get.status == 200, "\(get.text)")
        let event = try json(get)
        #expect(event["resource"] == .string("/users"))
        #expect(event["path"] == .string("/users"))
        #expect(event["httpMethod"] == .string("GET"))
        #expect(event["queryStringParameters"] == .object([("a", .string("2")), ("b", .string("x y"))]))
        #expect(event["multiValueQueryStringParameters"]?["a"] == .array([.string("1"), .string("2")]))
        #expect(event["headers"]?["X-Custom"] == .string("two"))
        #expect(event["multiValueHeaders"]?["X-Custom"] == .array([.string("one"), .string("two")]))
        #expect(event["pathParameters"] == .null)
        #expect(event["body"] == .null)
        #expect(event["isBase64Encoded"] == .bool(false))
        let context = try #require(event["requestContext"])
        #expect(context["stage"] == .string("prod"))
        #expect(context["path"] == .string("/prod/users"))
        #expect(context["resourcePath"] == .string("/users"))
        #expect(context["httpMethod"] == .string("GET"))
        #expect(context["apiId"] == .string(stack.apiID(.primary)))
        #expect(context["identity"]?["sourceIp"] == .string("127.0.0.1"))
        if case .string(let id)? = context["requestId"] { #expect(!id.isEmpty) } else { Issue.record("no requestId") }

        // POST with a JSON body.
        let jsonBody = #"{"name":"Echo","email":"e@x.io","n":[1,2]}"#
        let post = try await stack.send(
            .secondary, "POST", "/prod/users", headers: [("Content-Type", "application/json")], body: Array(jsonBody.utf8))
        let postEvent = try json(post)
        #expect(postEvent["httpMethod"] == .string("POST"))
        #expect(postEvent["body"] == .string(jsonBody))
        #expect(postEvent["isBase64Encoded"] == .bool(false))
        #expect(postEvent["headers"]?["Content-Type"] == .string("application/json"))
        #expect(postEvent["requestContext"]?["apiId"] == .string(stack.apiID(.secondary)))

        // A binary body (no binaryMediaTypes in the seed): passed as text, not base64.
        let binary: [UInt8] = [0x00, 0x01, 0x41, 0xFF, 0xFE, 0x42]
        let bin = try await stack.send(
            .primary, "POST", "/prod/users", headers: [("Content-Type", "application/octet-stream")], body: binary)
        #expect(bin.status == 200, "\(bin.text)")
        let binEvent = try json(bin)
        #expect(binEvent["isBase64Encoded"] == .bool(false))
        #expect(binEvent["body"] == .string(String(decoding: binary, as: UTF8.self)))

        // The function's own 1 s timeout -> 502; a thrown error -> 502.
        let slow = try await stack.send(.primary, "/prod/users?mode=sleep")
        #expect(slow.status == 502)
        #expect(slow.text == #"{"message": "Internal server error"}"#)
        let failing = try await stack.send(.primary, "/prod/users?mode=throw")
        #expect(failing.status == 502)

        // Reserved concurrency 1: while one invocation holds the slot, the next is throttled -> 500.
        let held = Task { try await stack.send(.secondary, "/prod/users?mode=hold") }
        let invoker = try #require(stack.runtime.assembly?.region(.secondary).invoker)
        let function = try #require(stack.endpoints.outputs?.names.secondary.functionName)
        for _ in 0..<1000 where invoker.environmentCounts(of: function)?.busy != 1 { try await Task.sleep(for: .milliseconds(2)) }
        let throttled = try await stack.send(.secondary, "/prod/users")
        #expect(throttled.status == 500)
        #expect(throttled.text == #"{"message": "Internal server error"}"#)
        gate.release()
        let released = try await held.value
        #expect(released.status == 200)
    }

    @Test func gatewayIntegrationTimeoutIs504() async throws {
        let stack = try await StackHarness.boot(
            vars: ["lambda_timeout=30"], functionFactory: { _ in .of(ModeHandler.self) },
            integrationTimeout: .milliseconds(300))
        defer { Task { await stack.stop() } }
        let slow = try await stack.send(.primary, "/prod/users?mode=sleep")
        #expect(slow.status == 504)
        #expect(slow.text == #"{"message": "Endpoint request timed out"}"#)
        let fast = try await stack.send(.primary, "/prod/users")
        #expect(fast.status == 200, "the gateway serves on after a timed-out integration")
    }
}
