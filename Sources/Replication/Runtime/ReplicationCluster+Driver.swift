import Foundation

/// The driver thread: waits for requests or due timers, feeds the cores, persists, sends.
extension ReplicationCluster {
    func makeStorage(_ id: NodeID) throws -> LogStorage {
        switch configuration.storage {
        case .memory: return MemoryLogStorage()
        case .directory(let path): return try FileLogStorage(directory: path + "/" + configuration.regionNames[id], sync: configuration.logSync)
        }
    }

    /// Builds a node's core from its durable state (driver thread, or init). `rejoining`: the
    /// other nodes kept running (a chaos restart), see `RaftNode.init`.
    func startNode(_ id: NodeID, rejoining: Bool = false) throws {
        let i = id.rawValue
        guard cores[i] == nil else { return }
        if storages[i] == nil || storages[i] is FileLogStorage { storages[i] = try makeStorage(id) }
        let (hs, log) = try storages[i]!.load()
        lock.lock()
        let applied = appliedIndexes[i]
        lock.unlock()
        let core = RaftNode(
            id: id, config: configuration.raft, generator: rng.fork(), hardState: hs, log: log,
            appliedIndex: applied, now: MonotonicClock.now(), rejoining: rejoining)
        cores[i] = core
        lock.lock()
        commitIndexes[i] = max(commitIndexes[i], core.commitIndex)
        if id.isDataRegion {
            committedBuffer[i] = Array(log.slice(from: applied + 1, to: core.commitIndex))
        }
        stopped[i] = false
        lock.unlock()
        tickAt[i] = .max
        reschedule(id)
    }

    func wipeStorage(_ id: NodeID) {
        storages[id.rawValue] = nil
        switch configuration.storage {
        case .memory: storages[id.rawValue] = MemoryLogStorage()
        case .directory(let path): try? FileManager.default.removeItem(atPath: path + "/" + configuration.regionNames[id])
        }
    }

    func stopNode(_ id: NodeID) {
        let i = id.rawValue
        // Writes already handed over complete (as an OS finishes queued writes); what waited
        // for them is volatile state and is lost with the node.
        persistQueues[i].drain()
        restartFloor[i] = persistSeq[i]
        held[i] = []
        paused[i] = false
        pausedEvents[i] = []
        pausedRequests[i] = []
        cores[i] = nil
        if storages[i] is FileLogStorage { storages[i] = nil }
        tickGen[i] += 1
        tickAt[i] = .max
        let waiting = requestsAt[i]
        requestsAt[i] = []
        lock.lock()
        stopped[i] = true
        leaderView[i] = nil
        leaseReads[i] = nil
        var proposals: [CheckedContinuation<ProposalOutcome, Never>] = []
        var reads: [@Sendable (ReadOutcome) -> Void] = []
        for rid in waiting {
            if let c = proposalWaiters.removeValue(forKey: rid) { proposals.append(c) }
            if let c = readWaiters.removeValue(forKey: rid) { reads.append(c) }
        }
        lock.unlock()
        for c in proposals { c.resume(returning: .unknown) }
        for c in reads { c(.unavailable) }
    }

    func driverLoop() {
        while true {
            lock.lock()
            while running && inbox.isEmpty {
                guard let next = queue.nextTime else {
                    lock.wait()
                    continue
                }
                let now = MonotonicClock.now()
                if next <= now { break }
                _ = lock.wait(until: Date(timeIntervalSinceNow: Double(next - now) / 1_000_000))
            }
            if !running {
                lock.unlock()
                return
            }
            let requests = inbox
            inbox = []
            lock.unlock()
            iterate(requests)
        }
    }

    /// One driver iteration: all requests and due timed events, one batch per node.
    func iterate(_ requests: [Request]) {
        let now = MonotonicClock.now()
        var events: [[RaftEvent]] = [[], [], []]
        var refusedProposals: [UInt64] = [], refusedReads: [UInt64] = []
        for r in requests {
            switch r {
            case .propose(let region, let rid, let p):
                if cores[region.rawValue] == nil {
                    refusedProposals.append(rid)
                } else {
                    events[region.rawValue].append(.propose(requestID: rid, p))
                    requestsAt[region.rawValue].append(rid)
                }
            case .read(let region, let rid):
                if cores[region.rawValue] == nil {
                    refusedReads.append(rid)
                } else {
                    events[region.rawValue].append(.readIndex(requestID: rid))
                    requestsAt[region.rawValue].append(rid)
                }
            case .control(let body):
                body(self)
            case .persisted(let region, let seq, let failed):
                if paused[region.rawValue] {
                    pausedRequests[region.rawValue].append(r)
                } else {
                    persisted(region, seq: seq, failed: failed)
                }
            }
        }
        for rid in refusedProposals { resolve(rid, .unavailable) }
        for rid in refusedReads { resolveRead(rid, .unavailable) }
        while let t = queue.nextTime, t <= now, let (_, item) = queue.pop() {
            switch item {
            case .deliver(let m):
                if cores[m.to.rawValue] != nil { events[m.to.rawValue].append(.receive(m)) }
            case .tick(let id, let gen):
                if gen == tickGen[id.rawValue] {
                    tickAt[id.rawValue] = .max
                    events[id.rawValue].append(.tick)
                }
            }
        }
        for id in NodeID.allCases where paused[id.rawValue] && !events[id.rawValue].isEmpty {
            stashWhilePaused(id, events[id.rawValue])
            events[id.rawValue] = []
        }
        var effects: [[RaftEffect]] = [[], [], []]
        for id in NodeID.allCases where !events[id.rawValue].isEmpty {
            guard let core = cores[id.rawValue] else { continue }
            effects[id.rawValue] = core.handle(batch: events[id.rawValue], now: now)
            publishLease(id, core)
        }
        run(effects, now: now)
        resolved.flush()
        publishMetricsIfDue(now: now)
    }

    /// Feeds one event to a node right away (control requests run on the driver thread).
    func deliverLocal(_ id: NodeID, _ event: RaftEvent) {
        guard let core = cores[id.rawValue] else { return }
        if paused[id.rawValue] {
            stashWhilePaused(id, [event])
            return
        }
        let now = MonotonicClock.now()
        var effects: [[RaftEffect]] = [[], [], []]
        effects[id.rawValue] = core.handle(event, now: now)
        publishLease(id, core)
        run(effects, now: now)
    }

    func perform(_ id: NodeID, _ e: RaftEffect, now: Micros) {
        switch e {
        case .send(let m):
            lock.lock()
            let fate = links.fate(from: m.from, to: m.to, using: &rng)
            lock.unlock()
            guard let fate else { return }
            queue.push(.deliver(m), at: now + fate.0)
        case .proposalResult(let rid, let outcome):
            requestsAt[id.rawValue].removeAll { $0 == rid }
            resolve(rid, outcome)
        case .readResult(let rid, let outcome):
            requestsAt[id.rawValue].removeAll { $0 == rid }
            resolveRead(rid, outcome)
        case .commitAdvanced(let index):
            commitAdvanced(id, index)
        case .leaderChanged(let l, _):
            lock.lock()
            leaderView[id.rawValue] = l
            lock.unlock()
        case .snapshotNeeded(let peer):
            // At most one snapshot per second per lagging region.
            guard now >= lastSnapshotSent[peer.rawValue] + 1_000_000 else { return }
            lastSnapshotSent[peer.rawValue] = now
            lock.lock()
            let provider = snapshotProviders[id.rawValue]
            lock.unlock()
            guard let snapshot = provider?() else { return }
            control { c in c.deliverLocal(id, .sendSnapshot(to: peer, index: snapshot.index, data: snapshot.data)) }
        case .installSnapshot(let index, let data):
            lock.lock()
            committedBuffer[id.rawValue].removeAll { $0.index <= index }
            commitIndexes[id.rawValue] = max(commitIndexes[id.rawValue], index)
            let installer = snapshotInstallers[id.rawValue]
            lock.unlock()
            installer?(index, data)
        default:
            break
        }
    }

    func commitAdvanced(_ id: NodeID, _ index: UInt64) {
        let i = id.rawValue
        guard let core = cores[i] else { return }
        lock.lock()
        let from = commitIndexes[i] + 1
        commitIndexes[i] = max(commitIndexes[i], index)
        if id.isDataRegion && from <= index {
            let start = max(from, appliedIndexes[i] + 1)
            if start <= index { committedBuffer[i].append(contentsOf: core.log.slice(from: start, to: index)) }
        }
        let listener = commitListeners[i]
        lock.unlock()
        if id.isDataRegion { listener?(index) }
    }

    /// Driver thread: `rid`'s outcome is known; its caller resumes at the end of the iteration.
    func resolve(_ rid: UInt64, _ outcome: ProposalOutcome) {
        lock.lock()
        let c = proposalWaiters.removeValue(forKey: rid)
        lock.unlock()
        if let c { resolved.add { c.resume(returning: outcome) } }
    }

    /// Driver thread: as `resolve`, for a read barrier.
    func resolveRead(_ rid: UInt64, _ outcome: ReadOutcome) {
        lock.lock()
        let c = readWaiters.removeValue(forKey: rid)
        lock.unlock()
        if let c { resolved.add { c(outcome) } }
    }

    func reschedule(_ id: NodeID) {
        let i = id.rawValue
        guard let core = cores[i], !paused[i] else { return }
        let w = core.nextWakeup
        if w < tickAt[i] {
            tickGen[i] += 1
            tickAt[i] = w
            queue.push(.tick(id, tickGen[i]), at: w)
        }
    }
}
