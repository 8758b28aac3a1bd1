import Synchronization

/// The running alarms of a stack: an `AlarmEvaluator` over a `MetricStore`, evaluated on a timer.
///
/// The thin shell: one task sleeps until the evaluator's next evaluation time, evaluates under
/// the lock (synchronous and short: a few store reads per alarm), and hands each transition to
/// `onTransition` (the stack logs it) outside the lock. `evaluate(now:)` runs one evaluation at
/// once, for tests that drive time themselves.
public final class AlarmService: Sendable {
    private let evaluator: Mutex<AlarmEvaluator>
    private let store: MetricStore
    private let onTransition: @Sendable (AlarmTransition) -> Void
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Alarms over `store`, created now (by the store's clock).
    public init(
        definitions: [AlarmDefinition], store: MetricStore, onTransition: @escaping @Sendable (AlarmTransition) -> Void = { _ in }
    ) {
        self.store = store
        self.onTransition = onTransition
        evaluator = Mutex(AlarmEvaluator(definitions: definitions, now: store.now(), resolutionSeconds: store.resolutionSeconds))
    }

    deinit { task.withLock { $0?.cancel() } }

    /// Starts evaluating on the store's period grid.
    public func start() {
        let started = Task { [weak self] in
            while !Task.isCancelled {
                guard let self else { return }
                let now = self.store.now()
                let next = self.evaluator.withLock { $0.nextEvaluation(after: now) }
                try? await Task.sleep(for: .milliseconds(max(1, next - now)))
                if Task.isCancelled { return }
                self.evaluate(now: self.store.now())
            }
        }
        task.withLock { $0 = started }
    }

    /// Stops the timer.
    public func stop() {
        task.withLock {
            $0?.cancel()
            $0 = nil
        }
    }

    /// One evaluation at `now`; returns (and reports) the transitions.
    @discardableResult
    public func evaluate(now: Int64) -> [AlarmTransition] {
        let store = self.store
        let transitions = evaluator.withLock { e in
            e.evaluate(now: now) { key, start, end, period in
                store.datapoints(key, start: start, end: end, periodSeconds: period)
            }
        }
        for t in transitions { onTransition(t) }
        return transitions
    }

    /// Every alarm's machine (definition and state), in definition order.
    public var alarms: [AlarmMachine] { evaluator.withLock { $0.machines } }

    /// The history, newest first.
    public var history: [AlarmHistoryItem] { evaluator.withLock { Array($0.history.elements.reversed()) } }
}
