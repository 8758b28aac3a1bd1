import Foundation
import Lambda
import Testing

/// Anchors 4-6: bursts scale out and never serialise or collapse; beyond the limit they are refused at once.
@Suite struct BurstTests {
    @Test func burstOf200ScalesOutWithoutSerialising() async throws {
        let burst = 200
        let (invoker, probe) = try makeInvoker()
        let tasks = (0..<burst).map { _ in
            Task { try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("hold")) }
        }
        // Every invocation is inside its handler at the same time: nothing is queued behind another.
        await probe.gate.waitForArrivals(burst)
        #expect(invoker.environmentCounts(of: "users-primary")?.busy == burst)
        probe.gate.open()
        var environments = Set<EnvironmentPool.EnvironmentID?>()
        for task in tasks {
            let record = try await task.value
            #expect(Support.answer(record.result)?.echo == "released")
            environments.insert(record.environmentID)
        }
        #expect(environments.count == burst)
        #expect(invoker.environmentCounts(of: "users-primary")?.warm == burst)
        // The next burst is all warm.
        let second = try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("echo"))
        #expect(!second.coldStart)
    }

    @Test func burstBeyondReservedConcurrencyIsRefusedAtOnce() async throws {
        let reserved = 10
        let burst = 50
        let (invoker, probe) = try makeInvoker(reserved: reserved)
        let (completions, sink) = AsyncStream.makeStream(of: InvocationResult.self)
        let tasks = (0..<burst).map { _ in
            Task {
                let result = try await invoker.invoke(functionName: "users-primary", payload: Support.event("hold"))
                sink.yield(result)
                return result
            }
        }
        // The held invocations cannot finish before the gate opens, so the first burst - reserved
        // completions are exactly the refused ones, and they arrive without waiting on the others.
        var refused = 0
        for await result in completions {
            #expect(result == .throttled(.reservedConcurrencyExceeded))
            refused += 1
            if refused == burst - reserved { break }
        }
        await probe.gate.waitForArrivals(reserved)
        probe.gate.open()
        var succeeded = 0
        for task in tasks {
            if case .success = try await task.value { succeeded += 1 }
        }
        sink.finish()
        #expect(succeeded == reserved)
        #expect(probe.initCount == reserved)
        #expect(invoker.store.counter(LambdaMetric.throttles.key("users-primary")) == Double(burst - reserved))
        #expect(invoker.store.counter(LambdaMetric.invocations.key("users-primary")) == Double(reserved))
    }

    @Test func idleReaperEvictsWarmEnvironments() async throws {
        let (invoker, probe) = try makeInvoker(options: .init(keepAlive: .milliseconds(1), seed: 9))
        _ = try await invoker.invoke(functionName: "users-primary", payload: Support.event("echo"))
        #expect(invoker.environmentCounts(of: "users-primary")?.warm == 1)
        invoker.startIdleReaper(interval: .milliseconds(5))
        defer { invoker.stopIdleReaper() }
        // Bounded wait: at most 2 s for the reaper to run.
        let started = ContinuousClock.now
        while invoker.environmentCounts(of: "users-primary")?.warm != 0, ContinuousClock.now - started < .seconds(2) {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(invoker.environmentCounts(of: "users-primary")?.warm == 0)
        let next = try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("echo"))
        #expect(next.coldStart)
        #expect(probe.initCount == 2)
    }
}
