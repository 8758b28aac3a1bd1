import Determinism
import Foundation

/// The running commit log of the stack: three voters, their storage and the in-process
/// network, driven in real time by one dedicated timer thread.
///
/// Callers (the DSQL store, the chaos controls) use async methods that enqueue a request and
/// await a continuation, so Swift's cooperative pool never blocks; every fsync, timer wait and
/// core call happens on the driver thread. Each driver iteration hands all due events of a node
/// to its core at once, appends the resulting writes and issues one fsync per node before any
/// message or reply leaves (group commit).
public final class ReplicationCluster: @unchecked Sendable {
    public let configuration: ClusterConfiguration

    /// Work handed to the driver thread.
    enum Request {
        case propose(NodeID, UInt64, Proposal)
        case read(NodeID, UInt64)
        case control(@Sendable (ReplicationCluster) -> Void)
        case persisted(NodeID, UInt64, failed: Bool)
    }

    /// A timed item in the driver's queue.
    enum Timed {
        case deliver(RaftMessage)
        case tick(NodeID, UInt64)
    }

    let lock = NSCondition()
    // Guarded by `lock`.
    var inbox: [Request] = []
    var running = false
    var proposalWaiters: [UInt64: CheckedContinuation<ProposalOutcome, Never>] = [:]
    var readWaiters: [UInt64: @Sendable (ReadOutcome) -> Void] = [:]
    /// Driver thread: callers whose outcome the current iteration resolved, resumed at its end.
    var resolved = PoolHandoff()
    var nextRequestID: UInt64 = 1
    var committedBuffer: [[LogEntry]] = [[], [], []]
    var commitIndexes: [UInt64] = [0, 0, 0]
    var appliedIndexes: [UInt64] = [0, 0, 0]
    var leaderView: [NodeID?] = [nil, nil, nil]
    /// Each node's `RaftNode.leaseRead`, republished after every `handle`.
    var leaseReads: [(index: UInt64, until: Micros)?] = [nil, nil, nil]
    var stopped: [Bool] = [false, false, false]
    var links: LinkTable
    var commitListeners: [(@Sendable (UInt64) -> Void)?] = [nil, nil, nil]
    var snapshotProviders: [(@Sendable () -> (index: UInt64, data: [UInt8])?)?] = [nil, nil, nil]
    var snapshotInstallers: [(@Sendable (UInt64, [UInt8]) -> Void)?] = [nil, nil, nil]
    var lastSnapshotSent: [Micros] = [0, 0, 0]

    // Owned by the driver thread.
    var cores: [RaftNode?] = [nil, nil, nil]
    var storages: [LogStorage?] = [nil, nil, nil]
    var requestsAt: [[UInt64]] = [[], [], []]
    var queue = EventQueue<Timed>()
    var tickAt: [Micros] = [.max, .max, .max]
    var tickGen: [UInt64] = [0, 0, 0]
    var rng: SeededGenerator
    var driver: JoinableThread?
    /// One persistence thread per node, and per node: the last sequence submitted to it, the
    /// effects waiting for a sequence to become durable, and the last sequence before a restart.
    var persistQueues: [PersistQueue] = []
    var persistSeq: [UInt64] = [0, 0, 0]
    var held: [[(seq: UInt64, effects: [RaftEffect], position: (index: UInt64, term: UInt64))]] = [[], [], []]
    var restartFloor: [UInt64] = [0, 0, 0]
    /// Paused nodes (the Jepsen pause nemesis): their events and fsync completions wait here,
    /// unprocessed, until `resume` (see `ReplicationCluster+Chaos`).
    var paused: [Bool] = [false, false, false]
    var pausedEvents: [[RaftEvent]] = [[], [], []]
    var pausedRequests: [[Request]] = [[], [], []]
    /// Driver thread: the metrics being published (nil: none) and what was published last.
    var metrics: ReplicationMetrics?
    var lastMetrics = ReplicationMetrics.Snapshot()
    var lastMetricsAt: Micros = 0

    /// Opens (or creates) every node's storage and starts the driver thread.
    public init(configuration: ClusterConfiguration) throws {
        self.configuration = configuration
        rng = SeededGenerator(seed: configuration.seed)
        links = LinkTable(preset: configuration.latency)
        if case .directory(let path) = configuration.storage {
            try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        for id in NodeID.dataRegions { appliedIndexes[id.rawValue] = configuration.appliedIndex[id] ?? 0 }
        persistQueues = NodeID.allCases.map { id in
            PersistQueue(name: "replication-fsync-\(id)") { [unowned self] seq, error in
                self.post(.persisted(id, seq, failed: error != nil))
            }
        }
        for id in NodeID.allCases {
            storages[id.rawValue] = try makeStorage(id)
            try startNode(id)
        }
        running = true
        driver = JoinableThread(name: "replication-driver") { [unowned self] in self.driverLoop() }
    }

    /// Stops the driver thread; outstanding requests resolve as `unknown` / unavailable.
    public func shutdown() {
        lock.lock()
        running = false
        lock.broadcast()
        lock.unlock()
        driver?.join()
        for q in persistQueues { q.shutdown() }
        lock.lock()
        let proposals = proposalWaiters, reads = readWaiters
        proposalWaiters = [:]
        readWaiters = [:]
        lock.unlock()
        for (_, c) in proposals.sorted(by: { $0.key < $1.key }) { c.resume(returning: .unknown) }
        for (_, c) in reads.sorted(by: { $0.key < $1.key }) { c(.unavailable) }
    }

    deinit { if running { shutdown() } }

    // MARK: Data path

    /// Proposes an entry from a region; returns once its outcome is known.
    public func propose(from region: NodeID, _ proposal: Proposal) async -> ProposalOutcome {
        await withCheckedContinuation { (c: CheckedContinuation<ProposalOutcome, Never>) in
            lock.lock()
            guard running else {
                lock.unlock()
                c.resume(returning: .unavailable)
                return
            }
            let rid = nextRequestID
            nextRequestID += 1
            proposalWaiters[rid] = c
            inbox.append(.propose(region, rid, proposal))
            lock.signal()
            lock.unlock()
        }
    }

    /// The read barrier answered at once, without the driver, when `region` leads and holds its
    /// lease (see `RaftNode.leaseRead`); nil otherwise (use `readIndex`).
    public func leaseReadIndex(at region: NodeID) -> UInt64? {
        let i = region.rawValue
        lock.lock()
        defer { lock.unlock() }
        guard !stopped[i], let lease = leaseReads[i], MonotonicClock.now() < lease.until else { return nil }
        return lease.index
    }

    /// A strongly consistent read barrier: every commit acknowledged before this call has an
    /// index <= the result. Throws `ReplicationError.unavailable` without a quorum.
    public func readIndex(at region: NodeID) async throws -> UInt64 {
        if let index = leaseReadIndex(at: region) { return index }
        let outcome = await withCheckedContinuation { (c: CheckedContinuation<ReadOutcome, Never>) in
            readIndex(at: region) { c.resume(returning: $0) }
        }
        guard case .index(let i) = outcome else {
            throw ReplicationError.unavailable(region: configuration.regionNames[region])
        }
        return i
    }

    /// `readIndex` for callers that want a callback rather than a suspension (no lease check).
    /// `completion` runs once, on the driver thread or a pool thread; it must not block.
    public func readIndex(at region: NodeID, completion: @escaping @Sendable (ReadOutcome) -> Void) {
        lock.lock()
        guard running else {
            lock.unlock()
            completion(.unavailable)
            return
        }
        let rid = nextRequestID
        nextRequestID += 1
        readWaiters[rid] = completion
        inbox.append(.read(region, rid))
        lock.signal()
        lock.unlock()
    }

    /// Called on the driver thread whenever a data region's commit index advances. Keep it
    /// cheap (e.g. signal the store's apply thread); never block in it.
    public func setCommitListener(for region: NodeID, _ listener: (@Sendable (UInt64) -> Void)?) {
        lock.lock()
        commitListeners[region.rawValue] = listener
        lock.unlock()
    }

    /// Snapshot shipping, part 1: when this region leads and a data region needs entries the
    /// log no longer holds (only after that region lost its disk), the driver thread calls
    /// `provider`, which returns the store's snapshot bytes and the applied index they reflect.
    public func setSnapshotProvider(for region: NodeID, _ provider: (@Sendable () -> (index: UInt64, data: [UInt8])?)?) {
        lock.lock()
        snapshotProviders[region.rawValue] = provider
        lock.unlock()
    }

    /// Snapshot shipping, part 2: a snapshot arrived for this region. The store must install it
    /// (replacing its database), then call `reportApplied(region, index:)`. Driver thread.
    public func setSnapshotInstaller(for region: NodeID, _ installer: (@Sendable (UInt64, [UInt8]) -> Void)?) {
        lock.lock()
        snapshotInstallers[region.rawValue] = installer
        lock.unlock()
    }

    /// The highest index known committed in a region.
    public func commitIndex(of region: NodeID) -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        return commitIndexes[region.rawValue]
    }

    /// Committed entries in `from...to` that the region has not yet reported applied.
    public func committedEntries(for region: NodeID, from: UInt64, to: UInt64) -> [LogEntry] {
        lock.lock()
        defer { lock.unlock() }
        return committedBuffer[region.rawValue].filter { $0.index >= from && $0.index <= to }
    }

    /// The store applied (and made durable) entries through `index`; compaction may pass them.
    public func reportApplied(_ region: NodeID, index: UInt64) {
        lock.lock()
        if index > appliedIndexes[region.rawValue] {
            appliedIndexes[region.rawValue] = index
            committedBuffer[region.rawValue].removeAll { $0.index <= index }
        }
        lock.unlock()
        control { c in c.deliverLocal(region, .applied(index)) }
    }

    /// The leader as seen by `region` (nil while it knows none).
    public func leader(seenFrom region: NodeID) -> NodeID? {
        lock.lock()
        defer { lock.unlock() }
        return leaderView[region.rawValue]
    }

    /// The node that all running nodes agree leads, if any.
    public var leader: NodeID? {
        lock.lock()
        defer { lock.unlock() }
        let views = NodeID.allCases.filter { !stopped[$0.rawValue] }.map { leaderView[$0.rawValue] }
        guard let first = views.first, let l = first, views.allSatisfy({ $0 == l }), !stopped[l.rawValue] else { return nil }
        return l
    }

    func control(_ body: @escaping @Sendable (ReplicationCluster) -> Void) {
        post(.control(body))
    }

    /// Hands a request to the driver thread.
    func post(_ request: Request) {
        lock.lock()
        inbox.append(request)
        lock.signal()
        lock.unlock()
    }
}
