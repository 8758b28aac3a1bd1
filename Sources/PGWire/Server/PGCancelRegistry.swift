import Synchronization

/// Maps BackendKeyData (process id, secret key) to open sessions, across every listener.
///
/// It exists because a CancelRequest arrives on a new connection, possibly on another port,
/// and must reach the session that runs the statement; the secret key must match.
public final class PGCancelRegistry: Sendable {
    let entries = Mutex<[Int32: (key: Int32, session: any PGSession)]>([:])
    let nextID: Atomic<Int32>

    public init() {
        nextID = Atomic(Int32.random(in: 1000...100_000))
    }

    /// A fresh process id and secret key for a new connection.
    func issue() -> (Int32, Int32) {
        var id = nextID.add(1, ordering: .relaxed).newValue
        if id <= 0 {
            nextID.store(1000, ordering: .relaxed)
            id = 1000
        }
        return (id, Int32.random(in: Int32.min...Int32.max))
    }

    func register(_ pid: Int32, key: Int32, session: any PGSession) {
        entries.withLock { $0[pid] = (key, session) }
    }

    func remove(_ pid: Int32) {
        _ = entries.withLock { $0.removeValue(forKey: pid) }
    }

    /// Cancels the keyed session's running statement; a wrong key does nothing, as in PostgreSQL.
    func cancel(_ pid: Int32, key: Int32) {
        let session = entries.withLock { e -> (any PGSession)? in
            guard let entry = e[pid], entry.key == key else { return nil }
            return entry.session
        }
        session?.cancel()
    }

    /// Sessions open now (all listeners).
    public var count: Int { entries.withLock { $0.count } }
}
