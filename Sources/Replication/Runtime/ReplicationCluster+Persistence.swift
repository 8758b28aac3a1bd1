import Foundation

/// The driver's side of persistence: a node's writes go to its persistence thread and the
/// effects that must not overtake them wait; leases are republished between a core's `handle`
/// and its effects.
extension ReplicationCluster {
    /// Republishes a node's lease read right after `handle`, before its effects run.
    func publishLease(_ id: NodeID, _ core: RaftNode) {
        let lease = core.leaseRead
        lock.lock()
        leaseReads[id.rawValue] = lease
        lock.unlock()
    }

    /// Buffers every node's writes and hands them to its persistence thread; a node's other
    /// effects from the batch wait until those writes are durable (`persisted`), except those
    /// that `RaftEffect.mayRunBeforeSync` lets go at once. A node with writes still in flight
    /// holds later effects too, so its messages and replies leave in order and never get ahead
    /// of its disk. The driver itself never waits for a sync.
    func run(_ effects: [[RaftEffect]], now: Micros) {
        for id in NodeID.allCases where !effects[id.rawValue].isEmpty {
            let i = id.rawValue
            guard let storage = storages[i], let core = cores[i] else { continue }
            var others: [RaftEffect] = []
            others.reserveCapacity(effects[i].count)
            var wrote = false
            for e in effects[i] {
                if e.isWrite {
                    storage.append(e)
                    wrote = true
                } else if e.mayRunBeforeSync {
                    if cores[i] != nil { perform(id, e, now: now) }
                } else {
                    others.append(e)
                }
            }
            let position = core.logPosition
            let sealed = storage.seal()
            if let write = sealed, storage.persistsInline, held[i].isEmpty {
                // No fsync to wait for: write here (a hand-off would cost more), then go on as
                // the persistence thread's completion would.
                do { try storage.persist([write]) } catch {
                    persistQueues[i].recordFault(error)
                    stopNode(id)
                    continue
                }
                for e in others where cores[i] != nil { perform(id, e, now: now) }
                control { c in c.deliverLocal(id, .logDurable(index: position.index, term: position.term)) }
            } else if let write = sealed {
                persistSeq[i] += 1
                held[i].append((persistSeq[i], others, position))
                persistQueues[i].submit(seq: persistSeq[i], storage: storage, write: write)
            } else {
                if !held[i].isEmpty {
                    held[i][held[i].count - 1].effects += others
                } else if cores[i] != nil {
                    for e in others { perform(id, e, now: now) }
                }
                // Nothing to sync (volatile storage): durable as soon as written.
                if wrote { control { c in c.deliverLocal(id, .logDurable(index: position.index, term: position.term)) } }
            }
        }
        for id in NodeID.allCases { reschedule(id) }
    }

    /// The persistence thread made `id`'s writes through `seq` durable: release what waited,
    /// and tell the core how far its log is durable.
    func persisted(_ id: NodeID, seq: UInt64, failed: Bool) {
        let i = id.rawValue
        guard seq > restartFloor[i] else { return }  // from before a restart: already drained
        if failed {
            // After a failed fsync the node must not carry on (fsyncgate): stop it.
            stopNode(id)
            return
        }
        let now = MonotonicClock.now()
        var durable: (index: UInt64, term: UInt64)?
        while let first = held[i].first, first.seq <= seq {
            held[i].removeFirst()
            durable = first.position
            guard cores[i] != nil else { continue }
            for e in first.effects { perform(id, e, now: now) }
        }
        if let durable { deliverLocal(id, .logDurable(index: durable.index, term: durable.term)) }
        reschedule(id)
    }
}

/// Storage faults: a node stopped by a failed log write, and its restart once the disk can take
/// writes again; the log's extent for a store that rebuilds itself.
extension ReplicationCluster {
    /// The log write error that stopped `node`, while it stays stopped (nil once it runs again,
    /// whoever restarted it).
    public func storageFault(of node: NodeID) -> (any Error)? {
        guard isStopped(node) else { return nil }
        return persistQueues[node.rawValue].fault
    }

    /// Restarts a node that a log write failure stopped, from its durable log (as after a
    /// crash: what was not durable was never acknowledged). Returns false when the node is not
    /// stopped by such a failure. If the log cannot be read back, the node stays stopped and
    /// the new error is recorded.
    @discardableResult
    public func restartAfterStorageFault(_ node: NodeID) -> Bool {
        let i = node.rawValue
        guard storageFault(of: node) != nil else { return false }
        persistQueues[i].clearFault()
        lock.lock()
        stopped[i] = false
        lock.unlock()
        control { c in
            do { try c.startNode(node, rejoining: true) } catch {
                c.persistQueues[i].recordFault(error)
                c.stopNode(node)
            }
        }
        return true
    }

    /// The first index a node's log still holds (1 when nothing was compacted), or nil when the
    /// node is stopped or the cluster shut down.
    public func logStart(of node: NodeID) async -> UInt64? {
        await withCheckedContinuation { (c: CheckedContinuation<UInt64?, Never>) in
            lock.lock()
            let live = running
            lock.unlock()
            guard live else { return c.resume(returning: nil) }
            control { cluster in c.resume(returning: cluster.cores[node.rawValue]?.log.firstIndex) }
        }
    }
}
