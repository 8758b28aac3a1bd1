import HTTP
import Lambda
import RegionStack
import Testing
import UsersService

/// Issue 10, findings 8 and 10 over real sockets: JSON bodies that were quadratic or nested a
/// million deep, and Lambda's 6 MB request and response payload limits, through API Gateway and
/// Lambda's Invoke API. The HTTP client's timeout only guards against a hang; no test measures time.
@Suite("Stack: JSON limits and Lambda payload limits", .serialized)
struct StackPayloadLimitTests {
    static let health = "/prod/health"

    /// A body of `keys` filler members plus a valid name and email (about 12 bytes per key).
    static func wideBody(keys: Int, email: String) -> [UInt8] {
        var text = "{"
        text.reserveCapacity(keys * 14 + 64)
        for i in 0..<keys { text += "\"k\(i)\":0," }
        text += #""name":"Wide","email":"\#(email)"}"#
        return Array(text.utf8)
    }

    @Test func twoHundredThousandKeysAreAnsweredLikePython() async throws {
        let stack = try await StackHarness.boot()
        defer { Task { await stack.stop() } }
        let body = Self.wideBody(keys: 200_000, email: "wide@example.com")
        #expect(body.count > 2_200_000)
        let created = try await stack.send(.primary, "POST", "/prod/users", headers: [("Content-Type", "application/json")], body: body)
        #expect(created.status == 201, "\(created.status) \(created.text.prefix(200))")
        #expect(try json(created)["email"] == .string("wide@example.com"))
        // The same keys repeated (every key a duplicate): still one member each, last value wins.
        var repeated = "{"
        for _ in 0..<100_000 { repeated += #""name":"x","email":"#  + "\"dup@example.com\"," }
        repeated += #""name":"Last","email":"dup@example.com"}"#
        let again = try await stack.send(.primary, "POST", "/prod/users", body: Array(repeated.utf8))
        #expect(again.status == 201, "\(again.status) \(again.text.prefix(200))")
        #expect(try json(again)["name"] == .string("Last"))
    }

    @Test func aMillionDeepBodyIsPythonsRecursionErrorAndHealthKeepsAnswering() async throws {
        let stack = try await StackHarness.boot()
        defer { Task { await stack.stop() } }
        let deep = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        async let posted = stack.send(.primary, "POST", "/prod/users", body: deep)
        for _ in 0..<5 {
            let health = try await stack.send(.primary, Self.health)
            #expect(health.status == 200, "\(health.text)")
        }
        let answer = try await posted
        // json.loads raises RecursionError, which `except json.JSONDecodeError` does not catch:
        // the seed's catch-all answers 500 with Python's message.
        #expect(answer.status == 500, "\(answer.text.prefix(300))")
        let parsed = try json(answer)
        #expect(parsed["error"] == .string("Internal server error"))
        #expect(parsed["details"] == .string("maximum recursion depth exceeded while decoding a JSON array from a unicode string"))
        #expect(parsed["request_id"] != nil)
        // 991 levels parse (a list is not a dict: 400), 992 do not.
        let ok = String(repeating: "[", count: 991) + String(repeating: "]", count: 991)
        let shallow = try await stack.send(.primary, "POST", "/prod/users", body: Array(ok.utf8))
        #expect(shallow.status == 400, "\(shallow.text)")
        #expect(try json(shallow)["error"] == .string("Invalid request format"))
        let objects = String(repeating: #"{"a":"#, count: 992) + "1" + String(repeating: "}", count: 992)
        let tooDeep = try await stack.send(.primary, "POST", "/prod/users", body: Array(objects.utf8))
        #expect(tooDeep.status == 500)
        #expect(try json(tooDeep)["details"] == .string("maximum recursion depth exceeded while decoding a JSON object from a unicode string"))
    }

    @Test func aBodyOverLambdasSixMegabytesIsTheGatewaysRequestTooLong() async throws {
        let stack = try await StackHarness.boot()
        defer { Task { await stack.stop() } }
        // API Gateway accepts up to 10 MB; Lambda refuses an event over 6 MB, and a REST API with
        // a Lambda proxy integration answers 413 itself.
        let body = Self.wideBody(keys: 700_000, email: "big@example.com")
        #expect(body.count > LambdaPayloadLimits.request && body.count < 10 * 1024 * 1024)
        let answer = try await stack.send(.primary, "POST", "/prod/users", body: body)
        #expect(answer.status == 413)
        #expect(answer.text == #"{"message": "Request Too Long"}"#)
        #expect(answer.headers["x-amzn-ErrorType"] == "BadRequestException")
        #expect(answer.headers["Content-Type"] == "application/json")
        // Just under the limit (with the event's own fields) the function runs.
        let fits = Self.wideBody(keys: 400_000, email: "fits@example.com")
        let created = try await stack.send(.primary, "POST", "/prod/users", body: fits)
        #expect(created.status == 201, "\(created.text.prefix(200))")
    }

    @Test func invokeAPIRefusesAnOversizedRequestAndAnOversizedResponse() async throws {
        let stack = try await StackHarness.boot(functionFactory: { _ in LambdaHandlerFactory { _ in LargeReplyHandler() } })
        defer { Task { await stack.stop() } }
        let function = stack.endpoints.outputs!.names[.primary].functionName
        let path = AdminResponder.invokePrefix + function + "/invocations"
        let big = [UInt8](repeating: UInt8(ascii: " "), count: LambdaPayloadLimits.request) + Array("{}".utf8)
        let refused = try await HTTPClient.send(port: stack.endpoints.adminPort, method: "POST", path: path, body: big, timeout: .seconds(20))
        #expect(refused.status == 413)
        #expect(refused.headers["x-amzn-ErrorType"] == "RequestEntityTooLargeException")
        #expect(refused.text == #"{"Type":"User","message":"Request must be smaller than 6291456 bytes for the InvokeFunction operation"}"#)

        // The function answers 6,291,557 bytes: Lambda returns its error instead.
        let event = Array(#"{"size": 6291557}"#.utf8)
        let oversized = try await HTTPClient.send(port: stack.endpoints.adminPort, method: "POST", path: path, body: event, timeout: .seconds(20))
        #expect(oversized.status == 200)
        #expect(oversized.headers["X-Amz-Function-Error"] == "Unhandled")
        #expect(oversized.text
            == #"{"errorMessage":"Response payload size (6291557 bytes) exceeded maximum allowed payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"}"#)
        // At the limit it is returned whole.
        let atLimit = try await HTTPClient.send(
            port: stack.endpoints.adminPort, method: "POST", path: path, body: Array(#"{"size": 6291556}"#.utf8), timeout: .seconds(20))
        #expect(atLimit.status == 200 && atLimit.body.count == 6_291_556 && atLimit.headers["X-Amz-Function-Error"] == nil)

        // Through API Gateway an oversized response is an integration failure: 502.
        let viaGateway = try await stack.send(.primary, "/prod/users")
        #expect(viaGateway.status == 502)
        #expect(viaGateway.text == #"{"message": "Internal server error"}"#)
    }
}

/// TEST HANDLER: answers a proxy response padded to `size` bytes (a direct event `{"size": n}`),
/// or a proxy response of 7 MB for a proxy event.
struct LargeReplyHandler: LambdaHandler {
    init() {}
    init(context: LambdaInitializationContext) async throws {}

    func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        let parsed = try PyJSONParser.parse(event, keepingTopLevelKeys: ["size"])
        var size = 7 * 1024 * 1024
        if case .int(let n)? = parsed["size"] { size = n }
        let head = Array(#"{"statusCode": 200, "body": ""#.utf8)
        let tail = Array(#""}"#.utf8)
        return head + [UInt8](repeating: UInt8(ascii: "x"), count: max(0, size - head.count - tail.count)) + tail
    }
}
