import Determinism

/// Per-seed fault probabilities ("swarm testing": every seed draws its own mix).
struct FaultProfile {
    var meanGap: Micros
    var clientGap: Micros
    var weights: [Int]
    var maxLoss: Double
    var maxDuplicate: Double
    var maxDelay: Micros

    init(using rng: inout SeededGenerator) {
        meanGap = UInt64.random(in: 60_000...400_000, using: &rng)
        clientGap = UInt64.random(in: 3_000...25_000, using: &rng)
        weights = (0..<FaultKind.allCases.count).map { _ in Int.random(in: 0...10, using: &rng) }
        weights[FaultKind.restart.rawValue] += 6
        weights[FaultKind.healAll.rawValue] += 4
        maxLoss = Double.random(in: 0...0.3, using: &rng)
        maxDuplicate = Double.random(in: 0...0.1, using: &rng)
        maxDelay = UInt64.random(in: 100...40_000, using: &rng)
    }

    func nextGap(using rng: inout SeededGenerator) -> Micros {
        UInt64.random(in: meanGap / 2...meanGap * 3 / 2, using: &rng)
    }
}

/// The kinds of random fault.
enum FaultKind: Int, CaseIterable {
    case crash, restart, partitionPair, partialPartition, isolate, healAll, slowLink, lossyLink, calmLinks, pause
}

/// The simulated clients' bookkeeping.
struct ClientState {
    var nextRequestID: UInt64 = 1
    var nextTransactionID: UInt64 = 1
    var proposals: [UInt64: Proposal] = [:]
    /// Read request id -> the highest acknowledged commit index when the read began.
    var reads: [UInt64: UInt64] = [:]
    var retryable: [Proposal] = []
    var definitelyFailed: Set<UInt64> = []
    var maxAcked: UInt64 = 0
    var acked: [(index: UInt64, term: UInt64, txid: UInt64)] = []
    var quiet = false
    var livenessCommitted = false
    var livenessTxids: Set<UInt64> = []
}

extension Simulator {
    func randomFault() {
        guard !clients.quiet else { return }
        var total = faultProfile.weights.reduce(0, +)
        if total == 0 { total = 1 }
        var pick = Int.random(in: 0..<total, using: &rng)
        var kind = FaultKind.healAll
        for k in FaultKind.allCases {
            pick -= faultProfile.weights[k.rawValue]
            if pick < 0 { kind = k; break }
        }
        let node = NodeID.allCases.randomElement(using: &rng)!
        switch kind {
        case .crash: crash(node)
        case .restart:
            if let down = nodes.first(where: { $0.core == nil }) { restart(down.id) }
        case .partitionPair:
            let other = NodeID(rawValue: (node.rawValue + Int.random(in: 1...2, using: &rng)) % 3)!
            partition(node, other)
            report.partitions += 1
        case .partialPartition:
            partition(.primary, .secondary)
            report.partitions += 1
        case .isolate:
            isolate(node)
            report.partitions += 1
        case .healAll: healAll()
        case .slowLink, .lossyLink:
            let to = NodeID(rawValue: (node.rawValue + Int.random(in: 1...2, using: &rng)) % 3)!
            var l = links[node, to]
            l.delay = UInt64.random(in: 0...faultProfile.maxDelay, using: &rng)
            l.jitter = UInt64.random(in: 0...faultProfile.maxDelay, using: &rng)
            if kind == .lossyLink {
                l.loss = Double.random(in: 0...faultProfile.maxLoss, using: &rng)
                l.duplicate = Double.random(in: 0...faultProfile.maxDuplicate, using: &rng)
            }
            links[node, to] = l
        case .calmLinks:
            let partitions = links.links.map(\.partitioned)
            links = LinkTable()
            for i in partitions.indices { links.links[i].partitioned = partitions[i] }
        case .pause:
            pause(node, for: UInt64.random(in: 700_000...2_000_000, using: &rng))
        }
    }

    func randomClientOperation() {
        guard !clients.quiet else { return }
        let region = NodeID.dataRegions.randomElement(using: &rng)!
        let n = nodes[region.rawValue]
        guard n.core != nil, !n.paused else { return }
        if rng.chance(0.2) {
            _ = issueRead(at: region)
            return
        }
        if !clients.retryable.isEmpty && rng.chance(0.3) {
            let i = Int.random(in: 0..<clients.retryable.count, using: &rng)
            let p = clients.retryable.remove(at: i)
            _ = issue(p, at: region)
            return
        }
        let table = Int.random(in: 0...1, using: &rng)
        var p: Proposal
        if rng.chance(0.03) {
            p = Proposal(
                kind: .schema, payload: [1], writeKeys: ["t\(table)"], snapshotIndex: n.applied,
                transactionID: 0, origin: region)
        } else {
            var keys = ["t\(table)/k\(Int.random(in: 0..<12, using: &rng))"]
            if rng.chance(0.4) { keys.append("t\(table)/k\(Int.random(in: 0..<12, using: &rng))") }
            p = Proposal(
                kind: .transaction, payload: [UInt8(truncatingIfNeeded: clients.nextTransactionID)],
                writeKeys: keys, schemaDependencies: ["t\(table)"], snapshotIndex: n.applied,
                transactionID: 0, origin: region)
        }
        p.transactionID = clients.nextTransactionID
        clients.nextTransactionID += 1
        _ = issue(p, at: region)
    }

    /// Submits a proposal at a data region; returns its request id.
    @discardableResult
    public func issue(_ proposal: Proposal, at region: NodeID) -> UInt64 {
        let rid = clients.nextRequestID
        clients.nextRequestID += 1
        clients.proposals[rid] = proposal
        report.proposals += 1
        feed(nodes[region.rawValue], .propose(requestID: rid, proposal))
        return rid
    }

    /// Submits a simple write of `keys` at a data region, at its current applied snapshot.
    @discardableResult
    public func propose(at region: NodeID, keys: [String]) -> UInt64 {
        let txid = clients.nextTransactionID
        clients.nextTransactionID += 1
        let p = Proposal(
            kind: .transaction, payload: [7], writeKeys: keys, snapshotIndex: nodes[region.rawValue].applied,
            transactionID: txid, origin: region)
        return issue(p, at: region)
    }

    /// Starts a ReadIndex barrier at a region; returns its request id.
    @discardableResult
    public func issueRead(at region: NodeID) -> UInt64 {
        let rid = clients.nextRequestID
        clients.nextRequestID += 1
        clients.reads[rid] = clients.maxAcked
        report.reads += 1
        feed(nodes[region.rawValue], .readIndex(requestID: rid))
        return rid
    }

    /// Outcomes seen so far, by request id.
    public func outcome(of requestID: UInt64) -> ProposalOutcome? { outcomes[requestID] }
    public func readOutcome(of requestID: UInt64) -> ReadOutcome? { readOutcomes[requestID] }

    func clientProposalDone(_ rid: UInt64, _ outcome: ProposalOutcome) {
        guard let p = clients.proposals.removeValue(forKey: rid) else {
            violation("proposal \(rid) answered twice or unknown")
            return
        }
        outcomes[rid] = outcome
        switch outcome {
        case .committed(let index):
            report.commitsAcked += 1
            if p.isRetry { report.duplicatesDeduplicated += 1 }
            if clients.livenessTxids.contains(p.transactionID) { clients.livenessCommitted = true }
            guard index >= 1, index <= UInt64(checks.committed.count) else {
                violation("ack of index \(index) beyond the known committed log")
                return
            }
            let c = checks.committed[Int(index - 1)]
            if c.txid != p.transactionID { violation("ack of txid \(p.transactionID) at \(index) holding \(c.txid)") }
            clients.acked.append((index, c.term, c.txid))
            clients.maxAcked = max(clients.maxAcked, index)
            checkDurable(index: index, term: c.term)
        case .conflict:
            report.conflicts += 1
            if !p.isRetry { clients.definitelyFailed.insert(p.transactionID) }
        case .unavailable:
            report.unavailable += 1
            if !p.isRetry { clients.definitelyFailed.insert(p.transactionID) }
        case .unknown:
            report.unknowns += 1
            var retry = p
            retry.isRetry = true
            if !clients.quiet { clients.retryable.append(retry) }
        }
    }

    func clientReadDone(_ rid: UInt64, _ outcome: ReadOutcome) {
        guard let minIndex = clients.reads.removeValue(forKey: rid) else {
            violation("read \(rid) answered twice or unknown")
            return
        }
        readOutcomes[rid] = outcome
        if case .index(let i) = outcome {
            if i < minIndex { violation("stale read index \(i) < acknowledged \(minIndex)") }
            if i > UInt64(checks.committed.count) { violation("read index \(i) beyond committed log") }
        }
    }
}
