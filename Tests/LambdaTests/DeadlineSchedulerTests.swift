import Determinism
import Synchronization
import Testing

@testable import Lambda

/// Collects fired labels and wakes a waiter once `expected` have fired.
private final class Fired: Sendable {
    private let state = Mutex<(labels: [String], waiter: CheckedContinuation<Void, Never>?, expected: Int)>(([], nil, 0))

    func fire(_ label: String) {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.labels.append(label)
            guard s.labels.count >= s.expected, let w = s.waiter else { return nil }
            s.waiter = nil
            return w
        }
        waiter?.resume()
    }

    func wait(for count: Int) async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { s -> Bool in
                s.expected = count
                if s.labels.count >= count { return true }
                s.waiter = c
                return false
            }
            if ready { c.resume() }
        }
    }

    var labels: [String] { state.withLock { $0.labels } }
}

@Suite struct DeadlineSchedulerTests {
    @Test func firesInDeadlineOrderNotSchedulingOrder() async {
        let scheduler = DeadlineScheduler()
        let fired = Fired()
        // Deadlines from one instant, the first 200 ms out: a test thread descheduled between
        // the calls (a loaded CI box) can neither reorder them nor let one fire before the rest
        // are scheduled.
        let base = DeadlineScheduler.monotonicNanos() + 200_000_000
        scheduler.schedule(atNanoseconds: base + 60_000_000) { fired.fire("c") }
        scheduler.schedule(atNanoseconds: base + 20_000_000) { fired.fire("a") }
        scheduler.schedule(atNanoseconds: base + 40_000_000) { fired.fire("b") }
        await fired.wait(for: 3)
        #expect(fired.labels == ["a", "b", "c"])
        #expect(scheduler.pendingCount == 0)
    }

    @Test func cancelledTimerNeverFiresAndLeavesTheHeapAtOnce() async {
        let scheduler = DeadlineScheduler()
        let fired = Fired()
        let cancelled = scheduler.schedule(after: .milliseconds(10)) { fired.fire("cancelled") }
        let middle = (0..<50).map { i in scheduler.schedule(after: .seconds(60 + i)) { fired.fire("late") } }
        #expect(scheduler.pendingCount == 51)
        #expect(scheduler.cancel(cancelled))
        #expect(!scheduler.cancel(cancelled), "a second cancel reports that nothing was pending")
        for timer in middle.shuffled() { #expect(scheduler.cancel(timer)) }
        #expect(scheduler.pendingCount == 0)
        scheduler.schedule(after: .milliseconds(30)) { fired.fire("kept") }
        await fired.wait(for: 1)
        #expect(fired.labels == ["kept"])
    }

    @Test func cancelAfterFiringReportsFalse() async {
        let scheduler = DeadlineScheduler()
        let fired = Fired()
        let timer = scheduler.schedule(after: .zero) { fired.fire("now") }
        await fired.wait(for: 1)
        #expect(!scheduler.cancel(timer))
    }

    @Test func heapStaysOrderedUnderRandomScheduleAndCancel() async {
        // Seeded shuffles of deadlines with half of them cancelled: the survivors fire in order.
        let seed: UInt64 = 0x5EED_0042
        var rng = SeededGenerator(seed: seed)
        let scheduler = DeadlineScheduler()
        let fired = Fired()
        var timers: [(Int, DeadlineScheduler.Timer)] = []
        let base = DeadlineScheduler.monotonicNanos() + 200_000_000  // see firesInDeadlineOrder...
        for _ in 0..<40 {
            let ms = Int(rng.next() % 80) * 2 + 1
            timers.append((ms, scheduler.schedule(atNanoseconds: base + UInt64(ms) * 1_000_000) { fired.fire(String(ms)) }))
        }
        var kept: [Int] = []
        for (ms, timer) in timers {
            if rng.next() % 2 == 0 { #expect(scheduler.cancel(timer)) } else { kept.append(ms) }
        }
        await fired.wait(for: kept.count)
        #expect(fired.labels.map { Int($0)! } == kept.sorted(), "seed \(seed)")
    }

    @Test func durationConversionSaturatesAndClamps() {
        #expect(DeadlineScheduler.nanoseconds(.milliseconds(29_000)) == 29_000_000_000)
        #expect(DeadlineScheduler.nanoseconds(.nanoseconds(1)) == 1)
        #expect(DeadlineScheduler.nanoseconds(.milliseconds(-5)) == 0)
        #expect(DeadlineScheduler.nanoseconds(.seconds(Int64.max)) > 0)
    }
}
