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

    func updateLinks(_ change: (inout LinkTable) -> Void) {
        lock.lock()
        change(&links)
        lock.unlock()
    }
}
