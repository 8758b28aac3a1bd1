import Foundation
import SQLiteBindings
import Synchronization

/// One data region's SQLite database: applies committed log entries and runs statements at a
/// snapshot, from async code, on its own thread.
///
/// It exists so that the transaction layer never holds SQLite's write lock between statements:
/// each statement runs inside `BEGIN IMMEDIATE ... ROLLBACK` at the transaction's snapshot (see
/// `execute`), and only `apply` commits. The file is in WAL mode with `synchronous=NORMAL`: the
/// replicated log is the durability boundary, and `applied_index` is written in the same SQLite
/// transaction as the entries, so recovery replays from `appliedIndex + 1`. All SQLite work runs
/// on a dedicated `SQLiteExecutor` thread, never on the cooperative pool.
public final class RegionDatabase: Sendable {
    struct State: Sendable {
        var applied: UInt64 = 0
        var alarm: DivergenceAlarm?
        var snapshots: [UInt64: Int] = [:]
        var waiters: [(index: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var closed = false
    }

    /// The database file.
    public let path: String
    /// Entries whose undo information is kept even when no snapshot needs it.
    public let undoRetention: UInt64
    public let executor: SQLiteExecutor<RegionStore>
    let state = Mutex(State())
    private let temporaryDirectory: String?
    /// Called when an operation finds the file corrupt (a damaged page met while running).
    let corruptionHandler = Mutex<(@Sendable (String) -> Void)?>(nil)

    private init(path: String, limits: TransactionLimits, undoRetention: UInt64, exclusiveLocking: Bool,
                 temporaryDirectory: String?) {
        self.path = path
        self.undoRetention = undoRetention
        self.temporaryDirectory = temporaryDirectory
        executor = SQLiteExecutor(name: "region-db " + (path as NSString).lastPathComponent) {
            try RegionStore(path: path, limits: limits, exclusiveLocking: exclusiveLocking)
        }
    }

    /// Opens (or creates) `directory/name.sqlite`. With `exclusiveLocking` (the default) the
    /// connection holds the file's lock until `close()`: no other connection or process can open
    /// it meanwhile, and transactions skip the per-transaction file-lock system calls.
    public static func open(
        directory: String, name: String = "region", limits: TransactionLimits = .dsql, undoRetention: UInt64 = 4096,
        exclusiveLocking: Bool = true
    ) async throws(StoreError) -> RegionDatabase {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch { throw .internalFailure("cannot create \(directory): \(error)") }
        let db = RegionDatabase(path: directory + "/" + name + ".sqlite", limits: limits, undoRetention: undoRetention,
                                exclusiveLocking: exclusiveLocking, temporaryDirectory: nil)
        try await db.start()
        return db
    }

    /// A database in a fresh temporary directory, removed on `close()`.
    public static func ephemeral(
        limits: TransactionLimits = .dsql, undoRetention: UInt64 = 4096, exclusiveLocking: Bool = true
    ) async throws(StoreError) -> RegionDatabase {
        let directory = NSTemporaryDirectory() + "/regionstack-\(UInt64.random(in: 0...UInt64.max))"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch { throw .internalFailure("cannot create \(directory): \(error)") }
        let db = RegionDatabase(path: directory + "/region.sqlite", limits: limits, undoRetention: undoRetention,
                                exclusiveLocking: exclusiveLocking, temporaryDirectory: directory)
        try await db.start()
        return db
    }

    private func start() async throws(StoreError) {
        let applied: UInt64
        do {
            applied = try await executor.run { $0.appliedIndex }
        } catch let error as StoreError {
            await close()
            throw error
        } catch {
            await close()
            throw .internalFailure("\(error)")
        }
        state.withLock { $0.applied = applied }
    }

    deinit {
        let closed = state.withLock { $0.closed }
        if !closed {
            executor.shutdownDetached { $0.close() }
        }
    }

    /// Closes the connection and stops the thread; an ephemeral database's directory is removed.
    public func close() async {
        let waiters = state.withLock { state in
            let waiters = state.waiters
            state.waiters = []
            state.closed = true
            return waiters
        }
        for waiter in waiters { waiter.continuation.resume(throwing: StoreError.closed) }
        await executor.shutdown { $0.close() }
        if let temporaryDirectory { try? FileManager.default.removeItem(atPath: temporaryDirectory) }
    }

    /// Runs `body` on the store's thread, mapping executor failures to `.closed`.
    public func onStore<T: Sendable>(
        _ body: @escaping @Sendable (RegionStore) throws(StoreError) -> T
    ) async throws(StoreError) -> T {
        let result: Result<T, StoreError>
        do {
            result = try await executor.run { store in Result { () throws(StoreError) -> T in try body(store) } }
        } catch {
            throw .closed
        }
        if case .failure(let error) = result, let reason = error.corruption {
            corruptionHandler.withLock { $0 }?(reason)
        }
        return try result.get()
    }

    // MARK: state readable without the thread

    /// The last applied log index.
    public var appliedIndex: UInt64 { state.withLock { $0.applied } }

    /// Calls `handler` whenever an operation finds the file corrupt.
    public func onCorruption(_ handler: (@Sendable (String) -> Void)?) {
        corruptionHandler.withLock { $0 = handler }
    }

    /// The divergence alarm, when apply has stopped.
    public var alarm: DivergenceAlarm? { state.withLock { $0.alarm } }
}
