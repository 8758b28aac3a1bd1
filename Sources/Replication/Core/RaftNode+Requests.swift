/// Client requests: proposals and ReadIndex barriers, local or forwarded to the leader.
extension RaftNode {
    func propose(requestID: UInt64, _ proposal: Proposal) {
        if role == .leader {
            leaderPropose(requestID: requestID, proposal, replyTo: id)
        } else if let l = leader {
            forwarded.append(ForwardedRequest(requestID: requestID, isRead: false, deadline: now + config.requestTimeout))
            send(l, .forwardPropose(requestID: requestID, proposal), term: 0)
        } else {
            effects.append(.proposalResult(requestID: requestID, .unavailable))
        }
    }

    func read(requestID: UInt64) {
        if role == .leader {
            leaderRead(requestID: requestID, replyTo: id)
        } else if let l = leader {
            forwarded.append(ForwardedRequest(requestID: requestID, isRead: true, deadline: now + config.requestTimeout))
            send(l, .forwardRead(requestID: requestID), term: 0)
        } else {
            effects.append(.readResult(requestID: requestID, .unavailable))
        }
    }

    func receiveForwarded(_ m: RaftMessage) {
        switch m.body {
        case .forwardPropose(let requestID, let proposal):
            if role == .leader {
                leaderPropose(requestID: requestID, proposal, replyTo: m.from)
            } else {
                send(m.from, .forwardProposeResult(requestID: requestID, .unavailable), term: 0)
            }
        case .forwardRead(let requestID):
            if role == .leader {
                leaderRead(requestID: requestID, replyTo: m.from)
            } else {
                send(m.from, .forwardReadResult(requestID: requestID, .unavailable), term: 0)
            }
        case .forwardProposeResult(let requestID, let outcome):
            if let i = forwarded.firstIndex(where: { $0.requestID == requestID && !$0.isRead }) {
                forwarded.remove(at: i)
                effects.append(.proposalResult(requestID: requestID, outcome))
            }
        case .forwardReadResult(let requestID, let outcome):
            if let i = forwarded.firstIndex(where: { $0.requestID == requestID && $0.isRead }) {
                forwarded.remove(at: i)
                effects.append(.readResult(requestID: requestID, outcome))
            }
        default:
            break
        }
    }

    func leaderPropose(requestID: UInt64, _ proposal: Proposal, replyTo: NodeID) {
        guard id.isDataRegion, transferTarget == nil, adjudicator != nil else {
            answer(requestID, to: replyTo, .unavailable)
            return
        }
        // Mutate in place: copying the adjudicator out would copy its tables on every write.
        switch adjudicator!.judge(proposal) {
        case .conflict(let kind):
            answer(requestID, to: replyTo, .conflict(kind))
        case .indeterminate:
            answer(requestID, to: replyTo, .unknown)
        case .duplicate(let index):
            if index <= commitIndex {
                answer(requestID, to: replyTo, .committed(index))
            } else {
                pendingProposals.append(PendingProposal(index: index, requestID: requestID, replyTo: replyTo))
            }
        case .accept:
            let entry = LogEntry(
                term: term, index: log.lastIndex + 1, kind: proposal.kind, payload: proposal.payload,
                writeKeys: proposal.writeKeys, origin: proposal.origin, transactionID: proposal.transactionID,
                snapshotIndex: proposal.snapshotIndex)
            log.append(entry)
            adjudicator!.record(entry)
            appendBuffer.append(entry)
            pendingProposals.append(PendingProposal(index: entry.index, requestID: requestID, replyTo: replyTo))
        }
    }

    func leaderRead(requestID: UInt64, replyTo: NodeID) {
        guard id.isDataRegion, transferTarget == nil else {
            answerRead(requestID, to: replyTo, .unavailable)
            return
        }
        let index: UInt64? = log.term(at: commitIndex) == term ? commitIndex : nil
        if let index, holdsLease {
            answerRead(requestID, to: replyTo, .index(index))
            return
        }
        pendingReads.append(PendingRead(seq: readSeq + 1, index: index, requestID: requestID, replyTo: replyTo))
        readRoundNeeded = true
    }

    func completeProposals() {
        var kept = 0
        for i in pendingProposals.indices {
            let p = pendingProposals[i]
            if p.index <= commitIndex {
                answer(p.requestID, to: p.replyTo, .committed(p.index))
            } else {
                pendingProposals[kept] = p
                kept += 1
            }
        }
        pendingProposals.removeSubrange(kept...)
    }

    /// Starts a read round: the next broadcast carries a new sequence, and its send time is kept
    /// so that a peer's acknowledgement of it extends the leader's lease.
    func startReadRound() {
        readSeq += 1
        roundSentAt[Int(readSeq % UInt64(roundSentAt.count))] = (readSeq, now)
        broadcastAppend()
    }

    /// A peer acknowledged read round `seq`: it heard from this leader at or after the round's
    /// send time, so it refuses other candidates until that time plus the minimum election
    /// timeout.
    func noteRoundAcknowledged(_ seq: UInt64) {
        let slot = roundSentAt[Int(seq % UInt64(roundSentAt.count))]
        if slot.seq == seq, slot.at > leaseAnchor { leaseAnchor = slot.at }
    }

    /// Leader lease (Raft thesis 6.4.1, with CheckQuorum's vote refusal): a peer acknowledged a
    /// round sent less than a minimum election timeout ago, so with this leader it forms a
    /// majority that refuses every other candidate; no other leader can exist, and the commit
    /// index answers a read without a new round. All voters share one monotonic clock (one
    /// process, or the simulator's), so there is no clock drift to allow for. Never after this
    /// leader started a transfer in its term: a transfer's vote ignores leases.
    var holdsLease: Bool {
        role == .leader && !transferredInTerm && leaseAnchor > 0 && now < leaseAnchor + config.electionTimeoutMin
    }

    /// What a lease read would answer now, and until when the lease lasts: for a data-region
    /// leader holding its lease whose term has a committed entry; nil otherwise. An executor may
    /// answer reads from it without a round trip to the core, as long as it republishes after
    /// every `handle` and before carrying out that call's effects (so no commit is acknowledged
    /// before the published index covers it).
    public var leaseRead: (index: UInt64, until: Micros)? {
        guard id.isDataRegion, holdsLease, log.term(at: commitIndex) == term else { return nil }
        return (commitIndex, leaseAnchor + config.electionTimeoutMin)
    }

    /// Answers reads whose quorum round is confirmed and whose index is known.
    func serveReads() {
        let termCommitted = log.term(at: commitIndex) == term
        var confirmed: UInt64 = 0
        for peer in NodeID.allCases where peer != id { confirmed = max(confirmed, ackedSeq[peer.rawValue]) }
        var kept = 0
        for i in pendingReads.indices {
            var r = pendingReads[i]
            if r.index == nil && termCommitted { r.index = commitIndex }
            if let index = r.index, r.seq <= confirmed {
                answerRead(r.requestID, to: r.replyTo, .index(index))
            } else {
                pendingReads[kept] = r
                kept += 1
            }
        }
        pendingReads.removeSubrange(kept...)
    }

    func answer(_ requestID: UInt64, to: NodeID, _ outcome: ProposalOutcome) {
        if to == id {
            effects.append(.proposalResult(requestID: requestID, outcome))
        } else {
            send(to, .forwardProposeResult(requestID: requestID, outcome), term: 0)
        }
    }

    func answerRead(_ requestID: UInt64, to: NodeID, _ outcome: ReadOutcome) {
        if to == id {
            effects.append(.readResult(requestID: requestID, outcome))
        } else {
            send(to, .forwardReadResult(requestID: requestID, outcome), term: 0)
        }
    }

    func expireForwarded() {
        var kept = 0
        for i in forwarded.indices {
            let f = forwarded[i]
            if f.deadline <= now {
                if f.isRead {
                    effects.append(.readResult(requestID: f.requestID, .unavailable))
                } else {
                    effects.append(.proposalResult(requestID: f.requestID, .unknown))
                }
            } else {
                forwarded[kept] = f
                kept += 1
            }
        }
        forwarded.removeSubrange(kept...)
    }
}
