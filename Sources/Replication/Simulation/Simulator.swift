import Determinism

/// A deterministic simulation of the three voters, their disks, the network and clients.
///
/// Everything runs in one thread on a virtual clock; every random choice (fault schedule, link
/// fates, election timeouts, client load) is drawn from one seeded generator, so a seed replays
/// exactly and `traceHash` compares two runs. Invariants are checked after every event.
public final class Simulator {
    /// What can happen next.
    enum Kind {
        case deliver(RaftMessage)
        case tick(NodeID, UInt64)
        case fsync(NodeID, UInt64)
        case resume(NodeID, UInt64)
        case client
        case fault
    }

    /// One simulated voter: its core (nil while crashed), disk and pending fsync batches.
    final class Node {
        let id: NodeID
        var core: RaftNode?
        var disk = SimDisk()
        var paused = false
        var incarnation: UInt64 = 0
        var tickGen: UInt64 = 0
        var tickAt: Micros = .max
        var batches: [(writes: Int, effects: [RaftEffect], position: (index: UInt64, term: UInt64)?)] = []
        var fsyncInFlight = false
        var deferred: [Kind] = []
        /// The store's applied index (durable in SQLite, so it survives crashes).
        var applied: UInt64 = 0
        var lastCommit: UInt64 = 0

        init(id: NodeID) { self.id = id }
    }

    public let options: SimulationOptions
    var rng: SeededGenerator
    var queue = EventQueue<Kind>()
    public internal(set) var now: Micros = 0
    let nodes: [Node]
    public var links = LinkTable()
    public internal(set) var report: SimulationReport
    var faultProfile: FaultProfile
    var clients = ClientState()
    var checks = CheckState()
    var outcomes: [UInt64: ProposalOutcome] = [:]
    var readOutcomes: [UInt64: ReadOutcome] = [:]

    public init(options: SimulationOptions) {
        self.options = options
        rng = SeededGenerator(seed: options.seed)
        nodes = NodeID.allCases.map { Node(id: $0) }
        report = SimulationReport(seed: options.seed)
        faultProfile = FaultProfile(using: &rng)
        for node in nodes { start(node) }
        if options.randomClients { queue.push(.client, at: 1_000) }
        if options.randomFaults { queue.push(.fault, at: faultProfile.nextGap(using: &rng)) }
    }

    // MARK: Running

    /// Processes the next event; false when nothing is left.
    @discardableResult
    func step() -> Bool {
        guard let (time, kind) = queue.pop() else { return false }
        now = time
        switch kind {
        case .deliver(let m):
            let n = nodes[m.to.rawValue]
            guard n.core != nil else { return true }
            if n.paused { n.deferred.append(kind); return true }
            trace(1, m.to, m.term)
            feed(n, .receive(m))
        case .tick(let id, let gen):
            let n = nodes[id.rawValue]
            guard gen == n.tickGen, n.core != nil, !n.paused else { return true }
            n.tickAt = .max
            trace(2, id, 0)
            feed(n, .tick)
        case .fsync(let id, let incarnation):
            let n = nodes[id.rawValue]
            guard incarnation == n.incarnation, n.core != nil else { return true }
            if n.paused { n.deferred.append(kind); return true }
            trace(3, id, 0)
            completeFsync(n)
        case .resume(let id, let incarnation):
            let n = nodes[id.rawValue]
            guard incarnation == n.incarnation, n.paused else { return true }
            trace(4, id, 0)
            resume(n)
        case .client:
            trace(5, .primary, 0)
            randomClientOperation()
            queue.push(.client, at: now + UInt64.random(in: 1_000...faultProfile.clientGap, using: &rng))
        case .fault:
            trace(6, .primary, 0)
            randomFault()
            queue.push(.fault, at: now + faultProfile.nextGap(using: &rng))
        }
        report.events += 1
        return true
    }

    /// Runs `count` counted events (or until the queue is empty).
    public func run(events count: Int) {
        let target = report.events + count
        while report.events < target, step() {}
    }

    /// Runs until virtual time passes `duration` from now.
    public func run(for duration: Micros) {
        let end = now + duration
        while let t = queue.nextTime, t <= end { step() }
        now = max(now, end)
    }

    /// Runs until `condition` holds or `limit` of virtual time passes; returns whether it held.
    @discardableResult
    public func run(until limit: Micros, _ condition: () -> Bool) -> Bool {
        let end = now + limit
        while !condition() {
            guard let t = queue.nextTime, t <= end else { return condition() }
            step()
        }
        return true
    }

    func trace(_ tag: UInt64, _ node: NodeID, _ term: UInt64) {
        var h = report.traceHash
        h = (h ^ now) &* 0x100_0000_01b3
        h = (h ^ (tag << 8 | UInt64(node.rawValue))) &* 0x100_0000_01b3
        h = (h ^ term) &* 0x100_0000_01b3
        report.traceHash = h
    }

    // MARK: Nodes

    func start(_ n: Node) {
        let core = RaftNode(
            id: n.id, config: options.raft, generator: rng.fork(), hardState: n.disk.hardState,
            log: n.disk.log, appliedIndex: n.applied, now: now, rejoining: n.incarnation > 0)
        n.core = core
        n.lastCommit = core.commitIndex
        n.tickAt = .max
        n.tickGen += 1
        reschedule(n)
    }

    func feed(_ n: Node, _ event: RaftEvent) {
        guard let core = n.core else { return }
        let prevCommit = core.commitIndex
        let effects = core.handle(event, now: now)
        checkAfterHandle(n, core, prevCommit: prevCommit, effects: effects)
        execute(n, effects)
        reschedule(n)
    }

    func reschedule(_ n: Node) {
        guard let core = n.core else { return }
        let w = max(core.nextWakeup, now)
        if w < n.tickAt {
            n.tickGen += 1
            n.tickAt = w
            queue.push(.tick(n.id, n.tickGen), at: w)
        }
    }

    func execute(_ n: Node, _ effects: [RaftEffect]) {
        var writes = 0
        for e in effects {
            switch e {
            case .persistHardState(let hs): n.disk.write(.hardState(hs))
            case .persistEntries(let from, let entries): n.disk.write(.entries(truncateFrom: from, entries))
            case .compact(let index): n.disk.write(.compact(index))
            case .resetLog(let index, let term): n.disk.write(.reset(index, term))
            default: continue
            }
            writes += 1
        }
        if writes == 0 && n.batches.isEmpty {
            for e in effects { perform(n, e) }
            return
        }
        // As the real-time driver does (RaftEffect.mayRunBeforeSync).
        for e in effects where e.mayRunBeforeSync { perform(n, e) }
        let rest = effects.filter { !$0.isWrite && !$0.mayRunBeforeSync }
        let position = writes > 0 ? n.core?.logPosition : nil
        if n.batches.count >= 2 {
            n.batches[n.batches.count - 1].writes += writes
            n.batches[n.batches.count - 1].effects.append(contentsOf: rest)
            if let position { n.batches[n.batches.count - 1].position = position }
        } else {
            n.batches.append((writes, rest, position))
        }
        if !n.fsyncInFlight { startFsync(n) }
    }

    func startFsync(_ n: Node) {
        n.fsyncInFlight = true
        queue.push(.fsync(n.id, n.incarnation), at: now + UInt64.random(in: 50...options.maxFsyncMicros, using: &rng))
    }

    func completeFsync(_ n: Node) {
        n.fsyncInFlight = false
        guard !n.batches.isEmpty else { return }
        let batch = n.batches.removeFirst()
        n.disk.sync(batch.writes)
        if !n.batches.isEmpty { startFsync(n) }
        for e in batch.effects { perform(n, e) }
        if let p = batch.position { feed(n, .logDurable(index: p.index, term: p.term)) }
        reschedule(n)
    }

    func perform(_ n: Node, _ e: RaftEffect) {
        switch e {
        case .send(let m):
            checkSend(n, m)
            guard let fate = links.fate(from: m.from, to: m.to, using: &rng) else {
                report.messagesDropped += 1
                return
            }
            queue.push(.deliver(m), at: now + fate.0)
            if let d = fate.1 { queue.push(.deliver(m), at: now + d) }
        case .proposalResult(let requestID, let outcome):
            clientProposalDone(requestID, outcome)
        case .readResult(let requestID, let outcome):
            clientReadDone(requestID, outcome)
        case .commitAdvanced(let index):
            applyCommitted(n, upTo: index)
        case .leaderChanged(let l, _):
            if l == n.id {
                report.leaderElections += 1
                if l == .witness { report.witnessLeaderships += 1 }
            }
        case .snapshotNeeded:
            report.snapshotsNeeded += 1
        case .installSnapshot(let index, _):
            if index > n.applied { n.applied = index }
        default:
            break
        }
    }
}

