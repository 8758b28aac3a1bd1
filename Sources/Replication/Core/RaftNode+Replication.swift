/// Log replication: AppendEntries on both sides, commit rules, compaction.
extension RaftNode {
    func receive(_ m: RaftMessage) {
        if m.isForwarded {
            receiveForwarded(m)
            return
        }
        switch m.body {
        case .preVote(let li, let lt):
            handlePreVote(m, lastIndex: li, lastTerm: lt)
            return
        case .preVoteResponse(let granted):
            handlePreVoteResponse(m, granted: granted)
            return
        default:
            break
        }
        if m.term > term {
            var fromLeader = false
            switch m.body {
            case .vote(_, _, let transfer):
                // A disruptive candidate is ignored while we believe a leader is alive.
                if !transfer && inLease { return }
            case .append, .installSnapshot, .timeoutNow:
                fromLeader = true
            default:
                break
            }
            becomeFollower(term: m.term, leader: fromLeader ? m.from : nil)
        } else if m.term < term {
            switch m.body {
            case .append, .installSnapshot:
                // Tell a stale leader about the newer term so it steps down.
                send(m.from, .appendResponse(AppendResponse(success: false, matchIndex: 0, hint: 0, readSeq: 0)))
            case .vote:
                send(m.from, .voteResponse(granted: false))
            default:
                break
            }
            return
        }
        switch m.body {
        case .vote(let li, let lt, _): handleVote(m, lastIndex: li, lastTerm: lt)
        case .voteResponse(let granted): handleVoteResponse(m, granted: granted)
        case .append(let req): handleAppend(m.from, req)
        case .appendResponse(let resp): handleAppendResponse(m.from, resp)
        case .timeoutNow:
            if id.isDataRegion && role != .leader { startElection(transfer: true) }
        case .installSnapshot(let index, let snapTerm, let data):
            handleInstallSnapshot(m.from, index: index, snapshotTerm: snapTerm, data: data)
        default:
            break
        }
    }

    func acceptLeader(_ from: NodeID) {
        if role != .follower || leader != from { becomeFollower(term: term, leader: from) }
        lastLeaderContact = now
        resetElectionDeadline()
    }

    func handleAppend(_ from: NodeID, _ req: AppendRequest) {
        acceptLeader(from)
        if req.dataDurableIndex > dataDurableHint { dataDurableHint = req.dataDurableIndex }
        var prevIndex = req.prevIndex, prevTerm = req.prevTerm
        var start = 0
        if prevIndex < log.snapshotIndex {
            // Everything at or below our compaction point is committed and matches.
            let skip = Int(min(UInt64(req.entries.count), log.snapshotIndex - prevIndex))
            if skip < req.entries.count || prevIndex + UInt64(skip) == log.snapshotIndex {
                start = skip
                prevIndex = log.snapshotIndex
                prevTerm = log.snapshotTerm
            } else {
                let match = req.prevIndex + UInt64(req.entries.count)
                reply(from, success: true, match: match, hint: 0, readSeq: req.readSeq)
                return
            }
        }
        guard let localPrevTerm = log.term(at: prevIndex), localPrevTerm == prevTerm else {
            reply(from, success: false, match: 0, hint: rejectionHint(prevIndex), readSeq: req.readSeq)
            return
        }
        var truncateFrom: UInt64?
        var appended: [LogEntry] = []
        var i = start
        while i < req.entries.count {
            let e = req.entries[i]
            if e.index <= log.lastIndex {
                if log.term(at: e.index) != e.term {
                    // A real conflict: same index, different term. Only now delete.
                    truncateFrom = e.index
                    log.truncate(from: e.index)
                    durableIndex = min(durableIndex, e.index - 1)
                    continue
                }
            } else {
                log.append(e)
                appended.append(e)
            }
            i += 1
        }
        if truncateFrom != nil || !appended.isEmpty {
            effects.append(.persistEntries(truncateFrom: truncateFrom, entries: appended))
        }
        let match = prevIndex + UInt64(req.entries.count - start)
        let newCommit = min(req.commitIndex, match)
        if newCommit > commitIndex { setCommit(newCommit) }
        reply(from, success: true, match: match, hint: 0, readSeq: req.readSeq)
    }

    func reply(_ to: NodeID, success: Bool, match: UInt64, hint: UInt64, readSeq: UInt64) {
        send(to, .appendResponse(AppendResponse(success: success, matchIndex: match, hint: hint, readSeq: readSeq)))
    }

    /// Where the leader should retry after a mismatch at `prevIndex`: skip our whole conflicting term.
    func rejectionHint(_ prevIndex: UInt64) -> UInt64 {
        if prevIndex > log.lastIndex { return log.lastIndex }
        guard let conflictTerm = log.term(at: prevIndex) else { return log.snapshotIndex }
        var i = prevIndex
        while i > log.firstIndex, log.term(at: i - 1) == conflictTerm { i -= 1 }
        return max(i - 1, log.snapshotIndex, min(commitIndex, prevIndex - 1))
    }

    func handleInstallSnapshot(_ from: NodeID, index: UInt64, snapshotTerm: UInt64, data: [UInt8]) {
        acceptLeader(from)
        if index > commitIndex {
            if log.term(at: index) == snapshotTerm {
                log.compact(through: index)
                effects.append(.compact(through: index))
            } else {
                log.reset(snapshotIndex: index, term: snapshotTerm)
                durableIndex = min(durableIndex, index)
                effects.append(.resetLog(snapshotIndex: index, term: snapshotTerm))
            }
            if id.isDataRegion { effects.append(.installSnapshot(index: index, data: data)) }
            setCommit(index)
            if !id.isDataRegion { appliedIndex = index }
        }
        reply(from, success: true, match: index, hint: 0, readSeq: 0)
    }

    func handleAppendResponse(_ from: NodeID, _ resp: AppendResponse) {
        guard role == .leader else { return }
        recentActive |= from.bit
        let p = from.rawValue
        if resp.readSeq > ackedSeq[p] {
            ackedSeq[p] = resp.readSeq
            noteRoundAcknowledged(resp.readSeq)
            if !pendingReads.isEmpty { serveReads() }
        }
        if resp.success {
            if resp.matchIndex > matchIndex[p] {
                matchIndex[p] = resp.matchIndex
                advanceLeaderCommit()
            }
            if nextIndex[p] <= matchIndex[p] { nextIndex[p] = matchIndex[p] + 1 }
            if transferTarget == from && matchIndex[p] == log.lastIndex { send(from, .timeoutNow) }
            witnessHandOver()
            if nextIndex[p] <= log.lastIndex { sendAppend(to: from) }
        } else {
            let retry = max(matchIndex[p] + 1, min(nextIndex[p] - 1, resp.hint + 1))
            nextIndex[p] = max(retry, 1)
            sendAppend(to: from)
        }
    }

    func sendAppend(to peer: NodeID) {
        let p = peer.rawValue
        let next = nextIndex[p]
        if next <= log.snapshotIndex {
            if peer.isDataRegion {
                effects.append(.snapshotNeeded(for: peer))
            } else {
                // The witness never applies: a bare log position is all it needs.
                send(peer, .installSnapshot(index: log.snapshotIndex, snapshotTerm: log.snapshotTerm, data: []))
            }
            nextIndex[p] = log.snapshotIndex + 1
            return
        }
        let prevIndex = next - 1
        let prevTerm = log.term(at: prevIndex) ?? 0
        let last = min(log.lastIndex, prevIndex + UInt64(config.maxEntriesPerAppend))
        let entries = last > prevIndex ? Array(log.slice(from: next, to: last)) : []
        let req = AppendRequest(
            prevIndex: prevIndex, prevTerm: prevTerm, entries: entries, commitIndex: commitIndex,
            readSeq: readSeq, dataDurableIndex: dataDurableIndex)
        send(peer, .append(req))
        nextIndex[p] = last + 1
    }

    func sendSnapshot(to peer: NodeID, index: UInt64, data: [UInt8]) {
        guard role == .leader, peer != id, peer.isDataRegion, let snapTerm = log.term(at: index) else { return }
        send(peer, .installSnapshot(index: index, snapshotTerm: snapTerm, data: data))
        nextIndex[peer.rawValue] = index + 1
    }

    func broadcastAppend() {
        for peer in NodeID.allCases where peer != id { sendAppend(to: peer) }
        heartbeatDeadline = now + config.heartbeatInterval
    }

    /// The lowest index both data regions hold durably and that is committed.
    var dataDurableIndex: UInt64 {
        min(commitIndex, matchIndex[NodeID.primary.rawValue], matchIndex[NodeID.secondary.rawValue])
    }

    func advanceLeaderCommit() {
        matchIndex[id.rawValue] = durableIndex
        let a = matchIndex[0], b = matchIndex[1], c = matchIndex[2]
        let median = max(min(a, b), min(max(a, b), c))
        // Figure 8: only entries of the current term commit by counting replicas.
        if median > commitIndex, log.term(at: median) == term { setCommit(median) }
    }

    func setCommit(_ index: UInt64) {
        guard index > commitIndex else { return }
        commitIndex = index
        if !id.isDataRegion { appliedIndex = index }
        effects.append(.commitAdvanced(index))
        if role == .leader {
            commitNewsPending = true
            if !pendingProposals.isEmpty { completeProposals() }
            if !pendingReads.isEmpty { serveReads() }
        }
    }

    func maybeCompact() {
        var limit = id.isDataRegion ? min(appliedIndex, commitIndex) : commitIndex
        limit = min(limit, role == .leader ? dataDurableIndex : dataDurableHint)
        guard limit > log.snapshotIndex + config.compactionThreshold + config.compactionRetain else { return }
        let through = limit - config.compactionRetain
        log.compact(through: through)
        effects.append(.compact(through: through))
    }
}
