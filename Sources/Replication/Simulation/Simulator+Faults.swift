/// Faults and inspection: the scripted API that scenario tests and the random schedule share.
extension Simulator {
    /// Power-loss crash: volatile state and a random suffix of unsynced writes are lost.
    /// `keeping` fixes how many unsynced writes survive (default: a random prefix).
    public func crash(_ id: NodeID, keeping: Int? = nil) {
        let n = nodes[id.rawValue]
        guard n.core != nil else { return }
        let keep = keeping ?? (rng.chance(0.5) ? 0 : Int.random(in: 0...n.disk.pending.count, using: &rng))
        n.disk.crash(keeping: keep)
        n.core = nil
        n.batches = []
        n.fsyncInFlight = false
        n.paused = false
        n.deferred = []
        n.incarnation += 1
        n.tickAt = .max
        report.crashes += 1
        checkAckedDurable()
    }

    /// Restarts a crashed node from its durable state.
    public func restart(_ id: NodeID) {
        let n = nodes[id.rawValue]
        guard n.core == nil else { return }
        start(n)
    }

    /// Freezes a node (SIGSTOP): it handles nothing until `duration` passes.
    public func pause(_ id: NodeID, for duration: Micros) {
        let n = nodes[id.rawValue]
        guard n.core != nil, !n.paused else { return }
        n.paused = true
        report.pauses += 1
        queue.push(.resume(id, n.incarnation), at: now + duration)
    }

    func resume(_ n: Node) {
        n.paused = false
        let deferred = n.deferred
        n.deferred = []
        for kind in deferred { queue.push(kind, at: now) }
        n.tickAt = .max
        reschedule(n)
    }

    public func partition(_ a: NodeID, _ b: NodeID) { links.setPartitioned(a, b, true) }
    public func heal(_ a: NodeID, _ b: NodeID) { links.setPartitioned(a, b, false) }
    /// Cuts `id` off from both other voters.
    public func isolate(_ id: NodeID) {
        for other in NodeID.allCases where other != id { partition(id, other) }
    }
    public func healAll() { links.healAll() }

    public func isUp(_ id: NodeID) -> Bool { nodes[id.rawValue].core != nil }
    public func isPaused(_ id: NodeID) -> Bool { nodes[id.rawValue].paused }
    /// Unsynced writes waiting on the node's disk.
    public func unsyncedWrites(_ id: NodeID) -> Int { nodes[id.rawValue].disk.pending.count }
    /// Feeds an event to a live node (e.g. `.transferLeadership`).
    public func inject(_ event: RaftEvent, at id: NodeID) { feed(nodes[id.rawValue], event) }
    /// The current core of a node (nil while crashed).
    public func core(_ id: NodeID) -> RaftNode? { nodes[id.rawValue].core }
    /// The store's applied index of a data region.
    public func applied(_ id: NodeID) -> UInt64 { nodes[id.rawValue].applied }
    /// The node's durable log (what survives a crash).
    public func durableLog(_ id: NodeID) -> RaftLog { nodes[id.rawValue].disk.log }
    /// The node that currently believes it leads with the highest term, if any is up.
    public var leader: NodeID? {
        var best: (NodeID, UInt64)?
        for n in nodes {
            guard let c = n.core, c.role == .leader, !n.paused else { continue }
            if best == nil || c.term > best!.1 { best = (n.id, c.term) }
        }
        return best?.0
    }
}
