/// Elections: Pre-Vote, RequestVote, leases (CheckQuorum's companion), leadership transfer and
/// the witness's hand-over.
extension RaftNode {
    func startPreVote() {
        role = .preCandidate
        votes = id.bit
        setLeader(nil)
        resetElectionDeadline()
        for peer in NodeID.allCases where peer != id {
            send(peer, .preVote(lastIndex: log.lastIndex, lastTerm: log.lastTerm), term: term + 1)
        }
    }

    func startElection(transfer: Bool) {
        term += 1
        votedFor = id
        role = .candidate
        votes = id.bit
        setLeader(nil)
        persistHardState()
        resetElectionDeadline()
        for peer in NodeID.allCases where peer != id {
            send(peer, .vote(lastIndex: log.lastIndex, lastTerm: log.lastTerm, transfer: transfer))
        }
    }

    func becomeLeader() {
        role = .leader
        setLeader(id)
        for peer in NodeID.allCases {
            nextIndex[peer.rawValue] = log.lastIndex + 1
            matchIndex[peer.rawValue] = 0
            ackedSeq[peer.rawValue] = 0
        }
        recentActive = 0
        transferTarget = nil
        transferredInTerm = false
        leaseAnchor = 0
        checkQuorumDeadline = now + config.electionTimeoutMax
        adjudicator = id.isDataRegion
            ? ConflictAdjudicator(floor: log.snapshotIndex, entries: log.entries) : nil
        let noop = LogEntry(term: term, index: log.lastIndex + 1, kind: .noop, origin: id)
        log.append(noop)
        adjudicator?.record(noop)
        appendBuffer.append(noop)
    }

    /// Steps down (or stays) as a follower, adopting a newer term if given.
    func becomeFollower(term newTerm: UInt64, leader newLeader: NodeID?) {
        if newTerm > term {
            term = newTerm
            votedFor = nil
            persistHardState()
        }
        if role == .leader { abandonLeadership() }
        role = .follower
        setLeader(newLeader)
        resetElectionDeadline()
    }

    /// Answers everything the leader was holding: proposals become unknown, reads unavailable.
    func abandonLeadership() {
        for p in pendingProposals { answer(p.requestID, to: p.replyTo, .unknown) }
        pendingProposals.removeAll()
        for r in pendingReads { answerRead(r.requestID, to: r.replyTo, .unavailable) }
        pendingReads.removeAll()
        adjudicator = nil
        transferTarget = nil
        readRoundNeeded = false
        heartbeatDeadline = .max
        checkQuorumDeadline = .max
    }

    func handlePreVote(_ m: RaftMessage, lastIndex: UInt64, lastTerm: UInt64) {
        let grant = m.term > term && !inLease && log.isUpToDate(lastIndex: lastIndex, lastTerm: lastTerm)
        send(m.from, .preVoteResponse(granted: grant), term: grant ? m.term : term)
    }

    func handlePreVoteResponse(_ m: RaftMessage, granted: Bool) {
        if !granted {
            if m.term > term { becomeFollower(term: m.term, leader: nil) }
            return
        }
        guard role == .preCandidate, m.term == term + 1 else { return }
        votes |= m.from.bit
        if votes.nonzeroBitCount >= 2 { startElection(transfer: false) }
    }

    func handleVote(_ m: RaftMessage, lastIndex: UInt64, lastTerm: UInt64) {
        let free = votedFor == m.from || (votedFor == nil && leader == nil)
        let grant = free && log.isUpToDate(lastIndex: lastIndex, lastTerm: lastTerm)
        if grant {
            votedFor = m.from
            persistHardState()
            resetElectionDeadline()
        }
        send(m.from, .voteResponse(granted: grant))
    }

    func handleVoteResponse(_ m: RaftMessage, granted: Bool) {
        guard granted, role == .candidate else { return }
        votes |= m.from.bit
        if votes.nonzeroBitCount >= 2 { becomeLeader() }
    }

    func startTransfer(to target: NodeID) {
        guard role == .leader, target != id, transferTarget == nil else { return }
        transferTarget = target
        transferredInTerm = true
        transferDeadline = now + config.electionTimeoutMax
        if matchIndex[target.rawValue] == log.lastIndex {
            send(target, .timeoutNow)
        } else {
            sendAppend(to: target)
        }
    }

    /// A witness leader hands leadership to a data region as soon as one has its whole log.
    func witnessHandOver() {
        guard role == .leader, id == .witness, transferTarget == nil else { return }
        // Try the region not tried last time first, so a dead region cannot starve the hand-over.
        let order: [NodeID] = lastHandOverTarget == .primary ? [.secondary, .primary] : [.primary, .secondary]
        guard let target = order.first(where: { matchIndex[$0.rawValue] == log.lastIndex }) else { return }
        lastHandOverTarget = target
        transferTarget = target
        transferredInTerm = true
        transferDeadline = now + config.electionTimeoutMax
        send(target, .timeoutNow)
    }
}
