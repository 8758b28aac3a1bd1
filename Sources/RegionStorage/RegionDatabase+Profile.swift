import SQLiteBindings

/// Where the local write path spends its time, measured on the store's thread without async hops.
extension RegionDatabase {
    /// Mean microseconds per transaction of each phase of the local write path.
    public struct LocalPathProfile: Sendable, CustomStringConvertible {
        public var transactions: Int
        /// `BEGIN IMMEDIATE` + `ROLLBACK` alone.
        public var beginRollback: Double
        /// Creating and attaching a session.
        public var session: Double
        /// BEGIN, INSERT, ROLLBACK without and with a session (and its changeset).
        public var insertRollback: Double
        public var insertSessionRollback: Double
        /// The whole `execute` of one single-row INSERT at the latest snapshot.
        public var execute: Double
        /// Write-key derivation of that statement's changeset.
        public var writeKeys: Double
        /// Applying one entry (its own transaction, with `applied_index`).
        public var applyOne: Double
        /// Applying entries in batches of 32, per entry.
        public var applyBatched: Double

        public var description: String {
            String(describing: (beginRollback: beginRollback, session: session, insertRollback: insertRollback,
                                insertSessionRollback: insertSessionRollback, execute: execute,
                                writeKeys: writeKeys, applyOne: applyOne, applyBatched: applyBatched))
        }
    }

    /// Runs `transactions` single-row inserts into `table (id INTEGER PRIMARY KEY, v TEXT)`
    /// (created by the caller through a schema entry) on the store's thread and times each phase.
    /// Writes real entries: the applied index advances by `2 * transactions`.
    public func profileLocalPath(table: String, transactions: Int, firstID: Int64) async throws(StoreError) -> LocalPathProfile {
        let retention = undoRetention
        return try await onStore { [self] store throws(StoreError) -> LocalPathProfile in
            defer { self.publish(store, retention: retention) }
            let clock = ContinuousClock()
            let n = Swift.max(transactions, 1)
            let sql = "INSERT INTO \(RegionStore.quote(table)) VALUES (?, ?)"
            var t = clock.now
            for _ in 0..<n {
                try store.control("BEGIN IMMEDIATE")
                try store.control("ROLLBACK")
            }
            let beginRollback = clock.now - t
            t = clock.now
            for _ in 0..<n {
                do {
                    let session = try SQLiteSession(store.connection)
                    try session.attach()
                    session.delete()
                } catch let error as SQLiteError {
                    throw .sqlite(error)
                } catch {
                    throw .internalFailure("\(error)")
                }
            }
            let session = clock.now - t
            t = clock.now
            for i in 0..<Int64(n) {
                try store.control("BEGIN IMMEDIATE")
                do { try store.connection.run(sql, [.integer(firstID - 1 - i), .text("value-\(i)")]) } catch let error as SQLiteError {
                    throw .sqlite(error)
                } catch { throw .internalFailure("\(error)") }
                try store.control("ROLLBACK")
            }
            let insertRollback = clock.now - t
            t = clock.now
            for i in 0..<Int64(n) {
                try store.control("BEGIN IMMEDIATE")
                do {
                    let session = try SQLiteSession(store.connection)
                    try session.attach()
                    try store.connection.run(sql, [.integer(firstID - 1 - i), .text("value-\(i)")])
                    _ = try session.changeset()
                    session.delete()
                } catch let error as SQLiteError {
                    throw .sqlite(error)
                } catch {
                    throw .internalFailure("\(error)")
                }
                try store.control("ROLLBACK")
            }
            let insertSessionRollback = clock.now - t
            var executeTime = Duration.zero, keysTime = Duration.zero, applyOne = Duration.zero
            var pending: [[UInt8]] = []
            for i in 0..<Int64(n) {
                let t0 = clock.now
                let result = try store.execute(sql, [.integer(firstID + i), .text("value-\(i)")], at: store.appliedIndex, own: [])
                let t1 = clock.now
                _ = try store.writeKeys(of: result.changeset)
                let t2 = clock.now
                _ = try store.apply([.changeset(store.appliedIndex + 1, result.changeset)])
                applyOne += clock.now - t2
                keysTime += t2 - t1
                executeTime += t1 - t0
                let again = try store.execute(sql, [.integer(firstID + Int64(n) + i), .text("value-\(i)")],
                                              at: store.appliedIndex, own: [])
                pending.append(again.changeset)
            }
            t = clock.now
            var next = store.appliedIndex + 1
            for chunkStart in stride(from: 0, to: pending.count, by: 32) {
                let chunk = pending[chunkStart..<Swift.min(chunkStart + 32, pending.count)]
                var entries: [StoreEntry] = []
                for bytes in chunk {
                    entries.append(.changeset(next, bytes))
                    next += 1
                }
                _ = try store.apply(entries)
            }
            let applyBatched = clock.now - t
            func micros(_ d: Duration) -> Double {
                let (s, a) = d.components
                return (Double(s) + Double(a) / 1e18) * 1e6 / Double(n)
            }
            return LocalPathProfile(
                transactions: n, beginRollback: micros(beginRollback), session: micros(session),
                insertRollback: micros(insertRollback), insertSessionRollback: micros(insertSessionRollback),
                execute: micros(executeTime), writeKeys: micros(keysTime), applyOne: micros(applyOne),
                applyBatched: micros(applyBatched))
        }
    }
}
