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
