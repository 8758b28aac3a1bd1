import Synchronization
import Testing

@testable import Lambda

@Suite struct TimeoutRaceTests {
    @Test func workThatReturnsWinsAndCancelsTheTimer() async {
        let registry = InFlightRegistry()
        let scheduler = DeadlineScheduler()
        let outcome = await withCheckedContinuation { (c: CheckedContinuation<TimeoutRace.Outcome<Int>, Never>) in
            TimeoutRace.start(timeout: .seconds(30), registry: registry, scheduler: scheduler, { 42 }) { c.resume(returning: $0) }
        }
        guard case .returned(42) = outcome else {
            Issue.record("expected .returned(42), got \(outcome)")
            return
        }
        #expect(scheduler.pendingCount == 0)
        #expect(registry.count == 0)
    }

    @Test func deadlineWinsOverWorkThatIgnoresCancellationAndCancelsIt() async {
        let registry = InFlightRegistry()
        let scheduler = DeadlineScheduler()
        let sawCancel = Mutex(false)
        let release = Mutex<CheckedContinuation<Void, Never>?>(nil)
        let outcome = await withCheckedContinuation { (c: CheckedContinuation<TimeoutRace.Outcome<Int>, Never>) in
            TimeoutRace.start(timeout: .milliseconds(50), registry: registry, scheduler: scheduler, {
                // Waits until released by the test, ignoring cancellation, then reports whether it was cancelled.
                await withCheckedContinuation { (r: CheckedContinuation<Void, Never>) in release.withLock { $0 = r } }
                sawCancel.withLock { $0 = Task.isCancelled }
                return 1
            }) { c.resume(returning: $0) }
        }
        guard case .timedOut = outcome else {
            Issue.record("expected .timedOut, got \(outcome)")
            return
        }
        #expect(registry.count == 0)
        // Let the abandoned work finish; it must have been cancelled.
        for _ in 0..<1000 where release.withLock({ $0 == nil }) { try? await Task.sleep(for: .milliseconds(5)) }
        release.withLock { $0?.resume() }
        for _ in 0..<1000 where !sawCancel.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(5)) }
        #expect(sawCancel.withLock { $0 }, "the abandoned work saw its task cancelled")
    }

    @Test func killEndsTheRaceOnceAndAStoppedRegistryRefusesAtOnce() async {
        let registry = InFlightRegistry()
        let scheduler = DeadlineScheduler()
        let reports = Mutex(0)
        let outcome = await withCheckedContinuation { (c: CheckedContinuation<TimeoutRace.Outcome<Int>, Never>) in
            TimeoutRace.start(timeout: .seconds(30), registry: registry, scheduler: scheduler, {
                try await Task.sleep(for: .seconds(30))
                return 1
            }) { outcome in
                reports.withLock { $0 += 1 }
                c.resume(returning: outcome)
            }
            registry.killAll()
        }
        guard case .killed = outcome else {
            Issue.record("expected .killed, got \(outcome)")
            return
        }
        #expect(scheduler.pendingCount == 0, "the kill cancels the deadline")
        let refused = await TimeoutRace.run(timeout: .seconds(30), registry: registry) { 1 }
        guard case .killed = refused else {
            Issue.record("expected .killed from a stopped registry, got \(refused)")
            return
        }
        #expect(reports.withLock { $0 } == 1)
    }
}
