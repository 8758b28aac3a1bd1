import Foundation
import Lambda
import Testing

@Suite struct InvokeAPITests {
    @Test func successIs200WithExecutedVersion() async throws {
        let (invoker, _) = try makeInvoker()
        let response = await invoker.invokeAPI(functionName: "users-primary", payload: Support.event("echo", "x"))
        #expect(response.status == 200)
        #expect(response.headers["X-Amz-Executed-Version"] == "$LATEST")
        #expect(response.headers["X-Amz-Function-Error"] == nil)
        #expect(try JSONDecoder().decode(Answer.self, from: Data(response.body)).echo == "x")
    }

    @Test func functionErrorIs200WithUnhandledHeader() async throws {
        let (invoker, _) = try makeInvoker()
        let response = await invoker.invokeAPI(
            functionName: "arn:aws:lambda:us-east-1:123456789012:function:users-primary", payload: Support.event("throw", "no"))
        #expect(response.status == 200)
        #expect(response.headers["X-Amz-Function-Error"] == "Unhandled")
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"errorMessage":"no","errorType":"ValueError"}"#)
    }

    @Test func timeoutIs200WithSandboxTimedout() async throws {
        let (invoker, _) = try makeInvoker(timeout: .milliseconds(200))
        let response = await invoker.invokeAPI(functionName: "users-primary", payload: Support.event("sleep"))
        #expect(response.status == 200)
        #expect(response.headers["X-Amz-Function-Error"] == "Unhandled")
        let body = try JSONDecoder().decode([String: String].self, from: Data(response.body))
        #expect(body["errorType"] == "Sandbox.Timedout")
        let requestID = try #require(response.headers["x-amzn-RequestId"])
        #expect(body["errorMessage"] == "RequestId: \(requestID) Error: Task timed out after 0.20 seconds")
    }

    @Test func unknownFunctionIs404() async throws {
        let (invoker, _) = try makeInvoker()
        let response = await invoker.invokeAPI(functionName: "missing", payload: [])
        #expect(response.status == 404)
        #expect(response.headers["x-amzn-ErrorType"] == "ResourceNotFoundException")
        #expect(String(decoding: response.body, as: UTF8.self)
            == #"{"Type":"User","message":"Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing"}"#)
    }

    @Test func throttleIs429() async throws {
        let (invoker, _) = try makeInvoker(reserved: 0)
        let response = await invoker.invokeAPI(functionName: "users-primary", payload: Support.event("echo"))
        #expect(response.status == 429)
        #expect(response.headers["x-amzn-ErrorType"] == "TooManyRequestsException")
    }

    @Test func eventInvocationAnswers202AndRunsLater() async throws {
        let (invoker, probe) = try makeInvoker()
        let response = await invoker.invokeAPI(
            functionName: "users-primary", payload: Support.event("hold"), invocationType: "Event")
        #expect(response.status == 202)
        await probe.gate.waitForArrivals(1)
        probe.gate.open()
        let dryRun = await invoker.invokeAPI(functionName: "users-primary", payload: [], invocationType: "DryRun")
        #expect(dryRun.status == 204)
        let bad = await invoker.invokeAPI(functionName: "users-primary", payload: [], invocationType: "Later")
        #expect(bad.status == 400)
    }
}

/// Lambda's 6 MB request and response payload limits on the Invoke API.
@Suite struct PayloadLimitTests {
    @Test func aRequestOverSixMegabytesIsRequestEntityTooLarge() async throws {
        let (invoker, probe) = try makeInvoker()
        let payload = Support.event("echo", String(repeating: "x", count: LambdaPayloadLimits.request))
        let response = await invoker.invokeAPI(functionName: "users-primary", payload: payload)
        #expect(response.status == 413)
        #expect(response.headers["x-amzn-ErrorType"] == "RequestEntityTooLargeException")
        #expect(String(decoding: response.body, as: UTF8.self)
            == #"{"Type":"User","message":"Request must be smaller than 6291456 bytes for the InvokeFunction operation"}"#)
        #expect(probe.initCount == 0, "no environment is started for a refused request")
    }

    @Test func aResponseOverTheLimitIsFunctionResponseSizeTooLarge() async throws {
        let invoker = LambdaInvoker(options: .init(seed: 7))
        try invoker.register(
            FunctionConfiguration(functionName: "big", region: "us-east-1", accountID: "123456789012"), handler: SizedReplyHandler.self,
            resources: LambdaResources())
        let fits = try await invoker.invokeDetailed(functionName: "big", payload: Array("6291556".utf8))
        guard case .success(let whole) = fits.result else { Issue.record("\(fits.result)"); return }
        #expect(whole.count == 6_291_556)
        let record = try await invoker.invokeDetailed(functionName: "big", payload: Array("6291557".utf8))
        guard case .functionError(let body, let type) = record.result else {
            Issue.record("expected a function error, got \(record.result)")
            return
        }
        #expect(type == "Function.ResponseSizeTooLarge")
        let text = String(decoding: body, as: UTF8.self)
        #expect(text
            == #"{"errorMessage":"Response payload size (6291557 bytes) exceeded maximum allowed payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"}"#)
    }
}

/// TEST HANDLER: answers as many bytes as its event (a decimal number) says.
struct SizedReplyHandler: LambdaHandler {
    init(context: LambdaInitializationContext) async throws {}
    func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        [UInt8](repeating: UInt8(ascii: "z"), count: Int(String(decoding: event, as: UTF8.self)) ?? 0)
    }
}
