import Foundation
import Lambda
import Testing

/// ARCHITECTURE.md §5: killing a region ends in-flight invocations and drops every environment.
@Suite struct RegionKillTests {
    @Test func stopEndsInFlightInvocationsAndRefusesNewOnes() async throws {
        let (invoker, probe) = try makeInvoker()
        _ = try await invoker.invoke(functionName: "users-primary", payload: Support.event("echo"))
        let running = (0..<3).map { _ in
            Task { try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("hold")) }
        }
        await probe.gate.waitForArrivals(3)
        invoker.stop()
        #expect(!invoker.isRunning)
        for task in running {
            let record = try await task.value
            guard case .functionError(let payload, let type) = record.result else {
                Issue.record("expected Runtime.ExitError, got \(record.result)")
                continue
            }
            #expect(type == "Runtime.ExitError")
            #expect(String(decoding: payload, as: UTF8.self).contains("Runtime exited with error: signal: killed"))
        }
        #expect(invoker.environmentCounts(of: "users-primary")?.busy == 0)
        #expect(invoker.environmentCounts(of: "users-primary")?.warm == 0)
        await #expect(throws: LambdaError.serviceStopped) {
            _ = try await invoker.invoke(functionName: "users-primary", payload: Support.event("echo"))
        }
        let api = await invoker.invokeAPI(functionName: "users-primary", payload: Support.event("echo"))
        #expect(api.status == 500)
        #expect(api.headers["x-amzn-ErrorType"] == "ServiceException")
        probe.gate.open()

        invoker.start()
        let next = try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("echo", "back"))
        #expect(next.coldStart)
        #expect(Support.answer(next.result)?.echo == "back")
    }
}
