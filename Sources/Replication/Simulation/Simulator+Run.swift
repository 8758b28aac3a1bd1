/// A whole randomized run: faults and load, then healing, liveness and convergence checks.
extension Simulator {
    /// Runs `events` random events, stops the faults, and checks that the cluster commits again
    /// within `livenessBound` and converges within `convergenceBound` of virtual time.
    public static func runSeed(
        _ seed: UInt64, events: Int, livenessBound: Micros = 10_000_000, convergenceBound: Micros = 10_000_000
    ) -> SimulationReport {
        let sim = Simulator(options: SimulationOptions(seed: seed))
        sim.run(events: events)
        sim.quiesce()
        sim.checkLiveness(within: livenessBound)
        sim.checkConvergence(within: convergenceBound)
        return sim.finish()
    }

    /// Stops every fault: heals links, calms them, resumes paused nodes, restarts crashed ones.
    public func quiesce() {
        clients.quiet = true
        clients.retryable.removeAll()
        links = LinkTable()
        for n in nodes {
            if n.paused { resume(n) }
            if n.core == nil { restart(n.id) }
        }
    }

    /// Liveness: once faults stop, a fresh proposal commits within the bound.
    @discardableResult
    public func checkLiveness(within bound: Micros) -> Bool {
        let deadline = now + bound
        var region = NodeID.primary
        var inFlight: UInt64?
        while !clients.livenessCommitted && now < deadline {
            if inFlight == nil || outcomes[inFlight!] != nil {
                let txid = clients.nextTransactionID
                clients.livenessTxids.insert(txid)
                inFlight = propose(at: region, keys: ["liveness"])
                region = region == .primary ? .secondary : .primary
            }
            run(until: min(50_000, deadline - now)) { clients.livenessCommitted }
        }
        if !clients.livenessCommitted { violation("liveness: no commit within \(bound)us after faults stopped") }
        return clients.livenessCommitted
    }

    /// Convergence: every node reaches the same commit index, both data regions apply it, and
    /// all logs agree.
    @discardableResult
    public func checkConvergence(within bound: Micros) -> Bool {
        let converged = run(until: bound) { [self] in
            guard let l = leader, let lc = core(l) else { return false }
            let target = lc.commitIndex
            return nodes.allSatisfy { n in
                guard let c = n.core else { return false }
                return c.commitIndex == target && c.log.lastIndex == lc.log.lastIndex
                    && (!n.id.isDataRegion || n.applied == target)
            }
        }
        if !converged {
            let state = nodes.map { n in
                "\(n.id): commit=\(n.core?.commitIndex ?? 0) last=\(n.core?.log.lastIndex ?? 0) applied=\(n.applied) role=\(String(describing: n.core?.role))"
            }
            violation("convergence: not converged after healing: \(state.joined(separator: "; "))")
        }
        return converged
    }

    /// Final checks; returns the report.
    public func finish() -> SimulationReport {
        checkFullLogMatching()
        checkAckedDurable()
        for txid in clients.definitelyFailed.sorted() where checks.committedTxids.contains(txid) {
            violation("transaction \(txid) reported failed but committed")
        }
        for n in nodes where n.disk.gaps > 0 { violation("\(n.id) disk saw \(n.disk.gaps) append gaps") }
        report.finalCommitIndex = UInt64(checks.committed.count)
        return report
    }
}
