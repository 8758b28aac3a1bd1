import Synchronization

/// Runs a handler call (or a handler's init) against a timer and reports whichever finishes
/// first, without waiting for the loser.
///
/// A task group would wait for a handler that ignores cancellation; Lambda answers at the
/// timeout regardless, so the work runs in its own task, the timer in another, and a one-shot
/// box resumes the caller once. The losing task is cancelled.
enum TimeoutRace {
    enum Outcome<Value: Sendable>: Sendable {
        case returned(Value)
        case threw(any Error)
        case timedOut
        /// The region was stopped while the work ran.
        case killed
    }

    final class Box<Value: Sendable>: Sendable {
        private struct State {
            var outcome: Outcome<Value>?
            var continuation: CheckedContinuation<Outcome<Value>, Never>?
        }
        private let state = Mutex(State())

        func complete(_ outcome: Outcome<Value>) {
            let waiting: CheckedContinuation<Outcome<Value>, Never>? = state.withLock { state in
                guard state.outcome == nil else { return nil }
                state.outcome = outcome
                defer { state.continuation = nil }
                return state.continuation
            }
            waiting?.resume(returning: outcome)
        }

        func wait(_ continuation: CheckedContinuation<Outcome<Value>, Never>) {
            let ready: Outcome<Value>? = state.withLock { state in
                if let outcome = state.outcome { return outcome }
                state.continuation = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Runs `work`; returns `.timedOut` if `timeout` elapses first, `.killed` if `registry` is
    /// stopped first.
    static func run<Value: Sendable>(
        timeout: Duration, registry: InFlightRegistry, _ work: @escaping @Sendable () async throws -> Value
    ) async -> Outcome<Value> {
        let box = Box<Value>()
        guard let registration = registry.add({ box.complete(.killed) }) else { return .killed }
        defer { registry.remove(registration) }
        let worker = Task {
            do { box.complete(.returned(try await work())) } catch { box.complete(.threw(error)) }
        }
        let timer = Task {
            do {
                try await Task.sleep(for: timeout)
                box.complete(.timedOut)
            } catch {}
        }
        let outcome = await withCheckedContinuation { box.wait($0) }
        switch outcome {
        case .returned, .threw: timer.cancel()
        case .timedOut: worker.cancel()
        case .killed:
            worker.cancel()
            timer.cancel()
        }
        return outcome
    }
}
