/// Chaos controls: stop and restart nodes, cut and slow links.
extension ReplicationCluster {
    /// Stops a node: its volatile state is lost, its durable log is kept. Requests waiting in
    /// that region resolve as `unknown` (proposals) or unavailable (reads).
    public func stop(_ node: NodeID) {
        lock.lock()
        stopped[node.rawValue] = true
        leaderView[node.rawValue] = nil
        lock.unlock()
        control { c in c.stopNode(node) }
    }

    /// Restarts a stopped node from its durable state. `wipingDisk` simulates a replaced disk:
    /// the node (and its region's store) restart empty, and a data region is brought back by a
    /// snapshot from the leader's store (see `setSnapshotProvider`).
    public func restart(_ node: NodeID, wipingDisk: Bool = false) {
        lock.lock()
        stopped[node.rawValue] = false
        if wipingDisk {
            appliedIndexes[node.rawValue] = 0
            commitIndexes[node.rawValue] = 0
            committedBuffer[node.rawValue] = []
        }
        lock.unlock()
        control { c in
            if wipingDisk { c.wipeStorage(node) }
            do { try c.startNode(node, rejoining: true) } catch { c.stopNode(node) }
            if wipingDisk {
                for id in NodeID.allCases where id != node && c.cores[id.rawValue]?.role == .leader {
                    c.deliverLocal(id, .peerLostLog(node))
                }
            }
        }
    }

    public func isStopped(_ node: NodeID) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped[node.rawValue]
    }

    /// Pauses a node (the Jepsen pause nemesis, like SIGSTOP): it stops processing messages,
    /// timers, requests and fsync completions, but keeps all its volatile state. Whatever
    /// arrives meanwhile waits; `resume` hands it over, so a leader paused past an election
    /// timeout resumes believing it leads and must learn the new term and step down. Its lease
    /// is withdrawn at once (a paused leader answers no lease reads). No effect on a stopped node.
    public func pause(_ node: NodeID) {
        lock.lock()
        leaseReads[node.rawValue] = nil
        lock.unlock()
        control { c in
            let i = node.rawValue
            guard c.cores[i] != nil, !c.paused[i] else { return }
            c.paused[i] = true
            c.tickGen[i] += 1
            c.tickAt[i] = .max
            c.lock.lock()
            c.leaseReads[i] = nil
            c.lock.unlock()
        }
    }

    /// Resumes a paused node: it processes, in order, everything that waited for it, then its
    /// timers (which are overdue, so a follower may campaign and a leader checks its quorum).
    public func resume(_ node: NodeID) {
        control { c in
            let i = node.rawValue
            guard c.paused[i] else { return }
            c.paused[i] = false
            let events = c.pausedEvents[i] + [.tick]
            let requests = c.pausedRequests[i]
            c.pausedEvents[i] = []
            c.pausedRequests[i] = []
            if let core = c.cores[i] {
                let now = MonotonicClock.now()
                var effects: [[RaftEffect]] = [[], [], []]
                effects[i] = core.handle(batch: events, now: now)
                c.publishLease(node, core)
                c.run(effects, now: now)
            }
            for case .persisted(let id, let seq, let failed) in requests { c.persisted(id, seq: seq, failed: failed) }
            c.reschedule(node)
        }
    }

    /// Driver thread: keeps a paused node's events for `resume` (at most one pending tick).
    func stashWhilePaused(_ node: NodeID, _ events: [RaftEvent]) {
        for event in events {
            if case .tick = event { continue }  // resume adds one tick
            pausedEvents[node.rawValue].append(event)
        }
    }

    public func isPaused(_ node: NodeID) async -> Bool {
        await withCheckedContinuation { (c: CheckedContinuation<Bool, Never>) in
            control { cluster in c.resume(returning: cluster.paused[node.rawValue]) }
        }
    }

    /// Each node's role, term and indexes, read on the driver thread.
    public func nodeStatus() async -> [NodeStatus] {
        await withCheckedContinuation { (c: CheckedContinuation<[NodeStatus], Never>) in
            lock.lock()
            let alive = running
            lock.unlock()
            guard alive else {
                c.resume(returning: NodeID.allCases.map { NodeStatus(node: $0, state: .stopped) })
                return
            }
            control { cluster in
                var result: [NodeStatus] = []
                cluster.lock.lock()
                let commits = cluster.commitIndexes, applied = cluster.appliedIndexes
                cluster.lock.unlock()
                for id in NodeID.allCases {
                    let i = id.rawValue
                    var s = NodeStatus(node: id, state: cluster.cores[i] == nil ? .stopped : cluster.paused[i] ? .paused : .running)
                    if let core = cluster.cores[i] {
                        s.role = core.role
                        s.term = core.term
                        s.leader = core.leader
                        s.lastIndex = core.log.lastIndex
                    }
                    s.commitIndex = max(commits[i], cluster.cores[i]?.commitIndex ?? 0)
                    s.appliedIndex = id.isDataRegion ? applied[i] : nil
                    result.append(s)
                }
                c.resume(returning: result)
            }
        }
    }

    /// Cuts both directions between two nodes.
    public func partition(_ a: NodeID, _ b: NodeID) { updateLinks { $0.setPartitioned(a, b, true) } }
    public func heal(_ a: NodeID, _ b: NodeID) { updateLinks { $0.setPartitioned(a, b, false) } }
    /// Removes every partition (delays stay).
    public func healAll() { updateLinks { $0.healAll() } }

    /// Sets the conditions of the directed link `from -> to` (delay, jitter, loss, partition).
    public func setLink(from: NodeID, to: NodeID, _ conditions: LinkConditions) {
        updateLinks { $0[from, to] = conditions }
    }

    /// Applies a latency preset to every link (removing partitions).
    public func apply(_ preset: LatencyPreset) { updateLinks { $0 = LinkTable(preset: preset) } }

    /// The current conditions of a directed link.
    public func link(from: NodeID, to: NodeID) -> LinkConditions {
        lock.lock()
        defer { lock.unlock() }
        return links[from, to]
    }

    /// Asks the current leader to hand leadership to `target`.
    public func transferLeadership(to target: NodeID) {
        control { c in
            for id in NodeID.allCases where c.cores[id.rawValue]?.role == .leader {
                c.deliverLocal(id, .transferLeadership(to: target))
            }
        }
    }

    /// Every directed link's conditions, as a table.
    public var linkTable: LinkTable {
        lock.lock()
        defer { lock.unlock() }
        return links
    }

    func updateLinks(_ change: (inout LinkTable) -> Void) {
        lock.lock()
        change(&links)
        lock.unlock()
    }
}

/// One log node as the status report shows it.
public struct NodeStatus: Sendable, Equatable {
    /// Whether the node's process runs.
    public enum State: String, Sendable { case running, paused, stopped }

    public var node: NodeID
    public var state: State
    public var role: RaftRole?
    public var term: UInt64 = 0
    /// The leader this node knows, if any.
    public var leader: NodeID?
    public var lastIndex: UInt64 = 0
    public var commitIndex: UInt64 = 0
    /// What the region's store applied (nil for the witness, which applies nothing).
    public var appliedIndex: UInt64?

    public init(node: NodeID, state: State) {
        self.node = node
        self.state = state
    }
}
