import Synchronization

/// Runs a handler call (or a handler's init) against a deadline and reports whichever finishes
/// first, without waiting for the loser.
///
/// A task group would wait for a handler that ignores cancellation; Lambda answers at the
/// timeout regardless, so the work runs in its own task and the deadline is a `DeadlineScheduler`
/// timer; the first of the work, the timer and a region kill decides the outcome, once. The loser
/// is cancelled (the work's task, or the timer). `start` reports through a callback, run by
/// whoever decided (the work's task, the scheduler's thread, or the killer), so an invocation
/// costs one task and no sleeping task.
enum TimeoutRace {
    enum Outcome<Value: Sendable>: Sendable {
        case returned(Value)
        case threw(any Error)
        case timedOut
        /// The region was stopped while the work ran.
        case killed
    }

    /// How a race ended, for the cleanup of parts attached after the end.
    enum Ending: Sendable {
        case workFinished, timedOut, killed
    }

    /// One race's shared state: the parts to cancel and whether it already ended.
    final class Race<Value: Sendable>: Sendable {
        private struct State {
            var ending: Ending?
            var worker: Task<Void, Never>?
            var timer: DeadlineScheduler.Timer?
            var registration: UInt64?
        }
        private let state = Mutex(State())
        private let registry: InFlightRegistry
        private let scheduler: DeadlineScheduler
        private let report: @Sendable (Outcome<Value>) -> Void

        init(registry: InFlightRegistry, scheduler: DeadlineScheduler, report: @escaping @Sendable (Outcome<Value>) -> Void) {
            self.registry = registry
            self.scheduler = scheduler
            self.report = report
        }

        /// Ends the race with `outcome` unless it already ended; cancels the losers, then reports.
        func complete(_ outcome: Outcome<Value>) {
            let ending: Ending
            switch outcome {
            case .returned, .threw: ending = .workFinished
            case .timedOut: ending = .timedOut
            case .killed: ending = .killed
            }
            let parts = state.withLock { s -> (Task<Void, Never>?, DeadlineScheduler.Timer?, UInt64?)? in
                guard s.ending == nil else { return nil }
                s.ending = ending
                defer {
                    s.worker = nil
                    s.timer = nil
                    s.registration = nil
                }
                return (s.worker, s.timer, s.registration)
            }
            guard let (worker, timer, registration) = parts else { return }
            registry.remove(registration)
            Self.cleanUp(ending, worker: worker, timer: timer, scheduler: scheduler)
            report(outcome)
        }

        func attach(registration: UInt64) {
            let ended = state.withLock { s -> Bool in
                if s.ending != nil { return true }
                s.registration = registration
                return false
            }
            if ended { registry.remove(registration) }
        }

        func attach(timer: DeadlineScheduler.Timer) {
            let ending = state.withLock { s -> Ending? in
                if s.ending == nil { s.timer = timer }
                return s.ending
            }
            if let ending { Self.cleanUp(ending, worker: nil, timer: timer, scheduler: scheduler) }
        }

        func attach(worker: Task<Void, Never>) {
            let ending = state.withLock { s -> Ending? in
                if s.ending == nil { s.worker = worker }
                return s.ending
            }
            if let ending { Self.cleanUp(ending, worker: worker, timer: nil, scheduler: scheduler) }
        }

        private static func cleanUp(
            _ ending: Ending, worker: Task<Void, Never>?, timer: DeadlineScheduler.Timer?, scheduler: DeadlineScheduler
        ) {
            switch ending {
            case .workFinished:
                if let timer { scheduler.cancel(timer) }
            case .timedOut:
                worker?.cancel()
            case .killed:
                worker?.cancel()
                if let timer { scheduler.cancel(timer) }
            }
        }
    }

    /// Starts `work`; `report` gets `.timedOut` if `timeout` elapses first, `.killed` if
    /// `registry` is (or gets) stopped first. `report` runs exactly once.
    ///
    /// With a `runner`, the work runs as the next job of that environment loop instead of in a
    /// new task, and the loop's task is what a timeout or kill cancels (its environment is
    /// discarded then); a runner whose loop has ended falls back to a new task.
    static func start<Value: Sendable>(
        timeout: Duration, registry: InFlightRegistry, scheduler: DeadlineScheduler = .shared,
        runner: EnvironmentWorker? = nil,
        _ work: @escaping @Sendable () async throws -> Value, report: @escaping @Sendable (Outcome<Value>) -> Void
    ) {
        let race = Race<Value>(registry: registry, scheduler: scheduler, report: report)
        guard let registration = registry.add({ race.complete(.killed) }) else {
            report(.killed)
            return
        }
        race.attach(registration: registration)
        // The expiry is delivered through the cooperative pool, as the `Task.sleep` this replaces
        // did: when the pool is starved, work queued before its deadline still runs first instead
        // of losing to a timer that fired on its own thread.
        race.attach(timer: scheduler.schedule(after: timeout) { Task { race.complete(.timedOut) } })
        let job: @Sendable () async -> Void = {
            do { race.complete(.returned(try await work())) } catch { race.complete(.threw(error)) }
        }
        if let runner, runner.submit(job) {
            race.attach(worker: runner.task)
        } else {
            race.attach(worker: Task { await job() })
        }
    }

    /// `start`, awaited.
    static func run<Value: Sendable>(
        timeout: Duration, registry: InFlightRegistry, _ work: @escaping @Sendable () async throws -> Value
    ) async -> Outcome<Value> {
        await withCheckedContinuation { continuation in
            start(timeout: timeout, registry: registry, work) { continuation.resume(returning: $0) }
        }
    }
}
