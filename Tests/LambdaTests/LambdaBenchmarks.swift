import Foundation
import Lambda
import Testing

/// Throughput figures, printed, never asserted. Run with `REGIONSTACK_BENCH=1 swift test --skip-build --filter LambdaBenchmarks`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["REGIONSTACK_BENCH"] != nil))
struct LambdaBenchmarks {
    @Test func warmSequentialAndParallelInvocations() async throws {
        let (invoker, _) = try makeInvoker()
        let payload = Support.event("echo", "bench")
        _ = try await invoker.invoke(functionName: "users-primary", payload: payload)
        let sequential = 5_000
        var started = ContinuousClock.now
        for _ in 0..<sequential { _ = try await invoker.invoke(functionName: "users-primary", payload: payload) }
        var elapsed = ContinuousClock.now - started
        print("lambda bench: \(sequential) sequential warm invocations in \(elapsed), \(Self.rate(sequential, elapsed)) inv/s, \(Self.micros(elapsed, sequential)) us/inv")

        let parallel = 20_000
        let width = 50
        started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<width {
                group.addTask {
                    for _ in stride(from: lane, to: parallel, by: width) {
                        _ = try await invoker.invoke(functionName: "users-primary", payload: payload)
                    }
                }
            }
            try await group.waitForAll()
        }
        elapsed = ContinuousClock.now - started
        let environments = invoker.environmentCounts(of: "users-primary")?.warm ?? 0
        print("lambda bench: \(parallel) invocations over \(width) concurrent callers in \(elapsed), \(Self.rate(parallel, elapsed)) inv/s, \(environments) warm environments")
        #expect(environments <= width)
    }

    static func rate(_ count: Int, _ elapsed: Duration) -> Int {
        Int(Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
    }

    static func micros(_ elapsed: Duration, _ count: Int) -> Int {
        Int((Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(count))
    }
}
