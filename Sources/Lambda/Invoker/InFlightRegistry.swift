import Synchronization

/// The invocations (and cold starts) running now, so a region kill can end them at once.
///
/// Each running race registers a kill closure; `killAll()` marks the registry stopped and calls
/// every closure (outside the lock). A race that registers while stopped is killed immediately,
/// which closes the window between acquiring an environment and starting the handler.
final class InFlightRegistry: Sendable {
    private struct State {
        var nextID: UInt64 = 0
        var killers: [UInt64: @Sendable () -> Void] = [:]
        var stopped = false
    }
    private let state = Mutex(State())

    /// Registers `kill`; returns nil (and does not register) when stopped.
    func add(_ kill: @escaping @Sendable () -> Void) -> UInt64? {
        state.withLock { state in
            guard !state.stopped else { return nil }
            state.nextID += 1
            state.killers[state.nextID] = kill
            return state.nextID
        }
    }

    /// Forgets a finished race.
    func remove(_ id: UInt64?) {
        guard let id else { return }
        _ = state.withLock { $0.killers.removeValue(forKey: id) }
    }

    /// Stops: kills every registered race and refuses new ones until `restart()`.
    func killAll() {
        let killers = state.withLock { state -> [@Sendable () -> Void] in
            state.stopped = true
            defer { state.killers.removeAll() }
            return Array(state.killers.values)
        }
        for kill in killers { kill() }
    }

    /// Accepts races again.
    func restart() {
        state.withLock { $0.stopped = false }
    }

    /// How many races are running.
    var count: Int { state.withLock { $0.killers.count } }
}
