import CoreMetrics

/// The commit log's own metrics, emitted through swift-metrics (`RegionStack/Replication/...`):
/// per node its term, role, whether it leads, last, commit and applied index; per data region its
/// apply lag (entries committed but not yet applied); per directed link whether it is partitioned
/// and its one-way delay.
///
/// Published by the driver thread at most every `interval` (250 ms), and only the values that
/// changed, so commits do not pay for it one by one. Gauges carry the node's region name
/// (`Node`) and links `From`/`To`.
final class ReplicationMetrics: Sendable {
    struct NodeGauges: Sendable {
        let up: Gauge
        let term: Gauge
        let role: Gauge
        let leader: Gauge
        let lastIndex: Gauge
        let commitIndex: Gauge
        let appliedIndex: Gauge?
        let applyLag: Gauge?
    }

    struct LinkGauges: Sendable {
        let partitioned: Gauge
        let delay: Gauge
    }

    static let namespace = "RegionStack/Replication"

    let nodes: [NodeGauges]
    /// Indexed `from * 3 + to`; nil on the diagonal.
    let links: [LinkGauges?]
    let interval: Micros = 250_000

    init(factory: any MetricsFactory, names: RegionNames) {
        func gauge(_ name: String, _ dimensions: [(String, String)]) -> Gauge {
            Gauge(label: "\(Self.namespace)/\(name)", dimensions: dimensions, factory: factory)
        }
        nodes = NodeID.allCases.map { id in
            let d = [("Node", names[id])]
            return NodeGauges(
                up: gauge("NodeUp", d), term: gauge("Term", d), role: gauge("Role", d), leader: gauge("IsLeader", d),
                lastIndex: gauge("LastIndex", d), commitIndex: gauge("CommitIndex", d),
                appliedIndex: id.isDataRegion ? gauge("AppliedIndex", d) : nil, applyLag: id.isDataRegion ? gauge("ApplyLag", d) : nil)
        }
        var links: [LinkGauges?] = []
        for from in NodeID.allCases {
            for to in NodeID.allCases {
                guard from != to else {
                    links.append(nil)
                    continue
                }
                let d = [("From", names[from]), ("To", names[to])]
                links.append(LinkGauges(partitioned: gauge("LinkPartitioned", d), delay: gauge("LinkDelayMs", d)))
            }
        }
        self.links = links
    }

    /// The published values: per node up, term, role (0 follower, 1 pre-candidate, 2 candidate,
    /// 3 leader), leads, last, commit, applied, lag; per link partitioned and delay.
    struct Snapshot: Equatable {
        var nodes: [[Double]] = []
        var links: [[Double]] = []
    }
}

extension ReplicationCluster {
    /// Starts publishing this cluster's metrics through `factory` (region names from the
    /// configuration).
    public func publishMetrics(to factory: any MetricsFactory) {
        let metrics = ReplicationMetrics(factory: factory, names: configuration.regionNames)
        control { cluster in
            cluster.metrics = metrics
            cluster.lastMetrics = ReplicationMetrics.Snapshot()
            cluster.lastMetricsAt = 0
            cluster.publishMetricsIfDue(now: MonotonicClock.now())
        }
    }

    /// Driver thread: publishes what changed since the last time, at most every 250 ms.
    func publishMetricsIfDue(now: Micros) {
        guard let metrics, now >= lastMetricsAt + metrics.interval else { return }
        lastMetricsAt = now
        lock.lock()
        let commits = commitIndexes, applied = appliedIndexes, table = links
        lock.unlock()
        var snapshot = ReplicationMetrics.Snapshot()
        let newestCommit = NodeID.allCases.map { max(commits[$0.rawValue], cores[$0.rawValue]?.commitIndex ?? 0) }.max() ?? 0
        for id in NodeID.allCases {
            let i = id.rawValue
            let core = cores[i]
            let commit = Double(max(commits[i], core?.commitIndex ?? 0))
            snapshot.nodes.append([
                core == nil || paused[i] ? 0 : 1, Double(core?.term ?? 0), Double(core.map { Self.roleNumber($0.role) } ?? 0),
                core?.role == .leader ? 1 : 0, Double(core?.log.lastIndex ?? 0), commit, Double(applied[i]),
                Double(newestCommit > applied[i] ? newestCommit - applied[i] : 0),
            ])
        }
        for from in NodeID.allCases {
            for to in NodeID.allCases {
                let c = table[from, to]
                snapshot.links.append([c.partitioned ? 1 : 0, Double(c.delay) / 1000])
            }
        }
        let previous = lastMetrics
        // A stopped node reports only that it is down; its last term and indexes stay as they were.
        for id in NodeID.allCases where cores[id.rawValue] == nil && id.rawValue < previous.nodes.count {
            let up = snapshot.nodes[id.rawValue][0]
            snapshot.nodes[id.rawValue] = previous.nodes[id.rawValue]
            snapshot.nodes[id.rawValue][0] = up
        }
        for (i, values) in snapshot.nodes.enumerated() {
            let g = metrics.nodes[i]
            let old = i < previous.nodes.count ? previous.nodes[i] : []
            let gauges: [Gauge?] = [g.up, g.term, g.role, g.leader, g.lastIndex, g.commitIndex, g.appliedIndex, g.applyLag]
            for (k, gauge) in gauges.enumerated() where old.count <= k || old[k] != values[k] { gauge?.record(values[k]) }
        }
        for (i, values) in snapshot.links.enumerated() {
            guard let g = metrics.links[i] else { continue }
            let old = i < previous.links.count ? previous.links[i] : []
            if old.isEmpty || old[0] != values[0] { g.partitioned.record(values[0]) }
            if old.isEmpty || old[1] != values[1] { g.delay.record(values[1]) }
        }
        lastMetrics = snapshot
    }

    static func roleNumber(_ role: RaftRole) -> Int {
        switch role {
        case .follower: 0
        case .preCandidate: 1
        case .candidate: 2
        case .leader: 3
        }
    }
}
