import Determinism
@testable import Replication

/// Three cores wired by hand: the test decides which message is delivered, when, and who is
/// down. State is treated as durable (every effect is "fsynced" at once).
final class ManualCluster {
    var nodes: [RaftNode]
    var now: Micros = 0
    var inbox: [RaftMessage] = []
    var down: Set<NodeID> = []
    var results: [UInt64: ProposalOutcome] = [:]
    var reads: [UInt64: ReadOutcome] = [:]
    let config: RaftConfig

    init(seed: UInt64, config: RaftConfig = RaftConfig()) {
        self.config = config
        var rng = SeededGenerator(seed: seed)
        nodes = NodeID.allCases.map { RaftNode(id: $0, config: config, generator: rng.fork(), now: 0) }
    }

    subscript(id: NodeID) -> RaftNode { nodes[id.rawValue] }

    func absorb(_ effects: [RaftEffect]) {
        for e in effects {
            switch e {
            case .send(let m): inbox.append(m)
            case .proposalResult(let id, let outcome): results[id] = outcome
            case .readResult(let id, let outcome): reads[id] = outcome
            default: break
            }
        }
    }

    func handle(_ id: NodeID, _ event: RaftEvent) {
        guard !down.contains(id) else { return }
        let node = nodes[id.rawValue]
        let effects = node.handle(event, now: now)
        absorb(effects)
        // Every write is durable at once here: say so, as a real executor does after its fsync.
        if effects.contains(where: \.isWrite) {
            let position = node.logPosition
            absorb(node.handle(.logDurable(index: position.index, term: position.term), now: now))
        }
    }

    /// Advances time and ticks a node (e.g. past its election timeout).
    func tick(_ id: NodeID, after delay: Micros) {
        now += delay
        handle(id, .tick)
    }

    /// Delivers queued messages matching `filter` (others stay queued unless `dropRest`),
    /// repeating until none match.
    func deliver(dropRest: Bool = false, _ filter: (RaftMessage) -> Bool = { _ in true }) {
        while true {
            let batch = inbox.filter { filter($0) && !down.contains($0.from) && !down.contains($0.to) }
            inbox.removeAll { filter($0) || down.contains($0.from) || down.contains($0.to) }
            if dropRest { inbox.removeAll() }
            if batch.isEmpty { return }
            for m in batch { handle(m.to, .receive(m)) }
        }
    }

    /// Delivers the first queued message matching `filter`; returns it.
    @discardableResult
    func deliverOne(_ filter: (RaftMessage) -> Bool) -> RaftMessage? {
        guard let i = inbox.firstIndex(where: filter) else { return nil }
        let m = inbox.remove(at: i)
        handle(m.to, .receive(m))
        return m
    }

    /// Restarts a node from its current term, vote and log (all durable here).
    func restart(_ id: NodeID, seed: UInt64, rejoining: Bool = false) {
        let old = nodes[id.rawValue]
        nodes[id.rawValue] = RaftNode(
            id: id, config: config, generator: SeededGenerator(seed: seed), hardState: old.hardState,
            log: old.log, now: now, rejoining: rejoining)
        down.remove(id)
    }

    /// Elects `id` by timing it out and delivering the election traffic among `among`.
    func elect(_ id: NodeID, among: Set<NodeID>) {
        for _ in 0..<5 where self[id].role != .leader {
            tick(id, after: 2_000_000)
            deliver { among.contains($0.from) && among.contains($0.to) && !self.isAppendTraffic($0) }
        }
    }

    func isAppendTraffic(_ m: RaftMessage) -> Bool {
        switch m.body {
        case .append, .appendResponse: true
        default: false
        }
    }

    func proposal(_ txid: UInt64, from: NodeID = .primary) -> Proposal {
        Proposal(kind: .transaction, payload: [1], writeKeys: ["k\(txid)"], snapshotIndex: 0, transactionID: txid, origin: from)
    }
}
