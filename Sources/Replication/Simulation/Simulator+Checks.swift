/// The invariant checker's state.
struct CheckState {
    /// The committed log as first observed: (term, txid) per index (1-based).
    var committed: [(term: UInt64, txid: UInt64, kind: EntryKind)] = []
    var committedTxids: Set<UInt64> = []
    var lastCommittedWrite: [String: UInt64] = [:]
    var leaders: [UInt64: NodeID] = [:]
    var votes: [UInt64: NodeID] = [:]
    var eventsSinceFullCheck = 0
}

extension Simulator {
    func violation(_ text: String) {
        if report.violations.count < 20 { report.violations.append("t=\(now)us: \(text)") }
    }

    func checkAfterHandle(_ n: Node, _ core: RaftNode, prevCommit: UInt64, effects: [RaftEffect]) {
        if core.role == .leader {
            if let other = checks.leaders[core.term], other != n.id {
                violation("two leaders in term \(core.term): \(other) and \(n.id)")
            }
            checks.leaders[core.term] = n.id
        }
        if core.term > report.maxTerm { report.maxTerm = core.term }
        if core.commitIndex < n.lastCommit { violation("\(n.id) commit index regressed \(n.lastCommit) -> \(core.commitIndex)") }
        n.lastCommit = core.commitIndex
        if n.applied > core.commitIndex { violation("\(n.id) applied \(n.applied) > commit \(core.commitIndex)") }
        for e in effects {
            guard case .persistEntries(let from, let entries) = e else { continue }
            if let from, from <= prevCommit { violation("\(n.id) truncated committed entries from \(from) (commit \(prevCommit))") }
            for entry in entries { checkLogMatching(n.id, entry, core.log) }
        }
        if core.commitIndex > prevCommit {
            for j in (prevCommit + 1)...core.commitIndex {
                if let e = core.log.entry(at: j) { observeCommitted(n.id, e) }
            }
        }
        checks.eventsSinceFullCheck += 1
        if checks.eventsSinceFullCheck >= 2_000 {
            checks.eventsSinceFullCheck = 0
            checkFullLogMatching()
        }
    }

    /// Log Matching, incrementally: an entry written with the same (index, term) as another node's
    /// must be the same entry, with the same predecessor term.
    func checkLogMatching(_ id: NodeID, _ e: LogEntry, _ log: RaftLog) {
        for other in nodes where other.id != id {
            let olog = other.core?.log ?? other.disk.log
            guard let oe = olog.entry(at: e.index), oe.term == e.term else { continue }
            if oe.transactionID != e.transactionID || oe.kind != e.kind {
                violation("log matching: \(id) and \(other.id) differ at \(e.index) term \(e.term)")
            }
            if let a = log.term(at: e.index - 1), let b = olog.term(at: e.index - 1), a != b {
                violation("log matching: predecessors of \(e.index) differ on \(id) and \(other.id)")
            }
        }
    }

    func observeCommitted(_ id: NodeID, _ e: LogEntry) {
        let count = UInt64(checks.committed.count)
        if e.index <= count {
            let c = checks.committed[Int(e.index - 1)]
            if c.term != e.term || c.txid != e.transactionID {
                violation("\(id) committed a different entry at \(e.index): term \(e.term) vs \(c.term)")
            }
            return
        }
        guard e.index == count + 1 else {
            violation("\(id) committed \(e.index) past the known committed log (\(count))")
            return
        }
        checks.committed.append((e.term, e.transactionID, e.kind))
        if e.transactionID != 0 {
            if checks.committedTxids.contains(e.transactionID) {
                violation("transaction \(e.transactionID) committed twice (again at \(e.index))")
            }
            checks.committedTxids.insert(e.transactionID)
        }
        guard e.kind != .noop else { return }
        for key in e.writeKeys {
            if e.kind == .transaction, let last = checks.lastCommittedWrite[key], last > e.snapshotIndex, last < e.index {
                violation("OCC: entry \(e.index) (snapshot \(e.snapshotIndex)) overlaps write of \(key) at \(last)")
            }
        }
        for key in e.writeKeys { checks.lastCommittedWrite[key] = e.index }
    }

    func checkSend(_ n: Node, _ m: RaftMessage) {
        switch m.body {
        case .preVote, .preVoteResponse, .forwardPropose, .forwardProposeResult, .forwardRead, .forwardReadResult:
            break
        default:
            // Persist before reply: the durable term must already cover what the message says.
            if n.disk.hardState.term < m.term {
                violation("\(n.id) sent term \(m.term) with durable term \(n.disk.hardState.term)")
            }
        }
        if case .voteResponse(true) = m.body {
            // A later durable term also covers it: the node can never vote in that term again.
            let durable = n.disk.hardState
            if durable.term < m.term || (durable.term == m.term && durable.votedFor != m.to) {
                violation("\(n.id) granted a vote to \(m.to) in term \(m.term) before persisting it")
            }
            let key = m.term << 2 | UInt64(n.id.rawValue)
            if let prior = checks.votes[key], prior != m.to {
                violation("\(n.id) voted for \(prior) and \(m.to) in term \(m.term)")
            }
            checks.votes[key] = m.to
        }
    }

    func applyCommitted(_ n: Node, upTo index: UInt64) {
        guard n.id.isDataRegion, let core = n.core, index > n.applied else { return }
        if n.disk.log.lastIndex < index { violation("\(n.id) applies \(index) beyond its durable log \(n.disk.log.lastIndex)") }
        for j in (n.applied + 1)...index {
            guard let e = core.log.entry(at: j) else { continue }
            if j <= UInt64(checks.committed.count) {
                let c = checks.committed[Int(j - 1)]
                if c.term != e.term || c.txid != e.transactionID { violation("\(n.id) applied a different entry at \(j)") }
            }
        }
        n.applied = index
        core.noteApplied(index)
    }

    /// An acknowledged entry must be on a majority of durable logs.
    func checkDurable(index: UInt64, term: UInt64) {
        var copies = 0
        for n in nodes {
            let log = n.disk.log
            if index <= log.snapshotIndex || log.term(at: index) == term { copies += 1 }
        }
        if copies < 2 { violation("acknowledged entry \(index) is durable on only \(copies) node(s)") }
    }

    func checkAckedDurable() {
        for a in clients.acked { checkDurable(index: a.index, term: a.term) }
    }

    /// Log Matching over whole logs, pairwise.
    func checkFullLogMatching() {
        let logs = nodes.map { $0.core?.log ?? $0.disk.log }
        for a in 0..<3 {
            for b in (a + 1)..<3 {
                let la = logs[a], lb = logs[b]
                let lo = max(la.snapshotIndex, lb.snapshotIndex) + 1
                var hi = min(la.lastIndex, lb.lastIndex)
                while hi >= lo, la.term(at: hi) != lb.term(at: hi) { hi -= 1 }
                guard hi >= lo else { continue }
                for j in lo...hi {
                    let ea = la.entry(at: j)!, eb = lb.entry(at: j)!
                    if ea.term != eb.term || ea.transactionID != eb.transactionID {
                        violation("log matching: \(NodeID(rawValue: a)!) and \(NodeID(rawValue: b)!) differ at \(j) below \(hi)")
                        return
                    }
                }
            }
        }
    }
}
