import Chaos
import DSQL
import Replication
import Synchronization

/// The chaos controls of one running stack: a `RegionHandle` per configured region (the two
/// data regions and the witness) and the commit log's link table.
///
/// The admin API, the CLI (through the admin API) and `StackRuntime` all drive this one
/// object. Regions are named as configured (`primary_region`, ...) or by role (`primary`,
/// `secondary`, `witness`); an unknown name is `ChaosError.unknownRegion` listing the regions.
public final class StackChaos: Sendable {
    /// Primary, secondary, witness.
    public let regions: [RegionHandle]
    /// The stack's own DSQL cluster (nil when the users database was supplied by the embedder).
    public let cluster: DSQLCluster?
    /// Extra top-level status sections (`health_checks`, ...): key and JSON text providers.
    private let sections = Mutex<[(key: String, json: @Sendable () async -> String)]>([])

    init(names: RegionNames, cluster: DSQLCluster?) {
        regions = NodeID.allCases.map { RegionHandle(name: names[$0], node: $0) }
        self.cluster = cluster
    }

    /// The region named `name` (configured name or role).
    public func region(_ name: String) throws(ChaosError) -> RegionHandle {
        if let r = regions.first(where: { $0.name == name || $0.node.description == name }) { return r }
        throw .unknownRegion(name, known: regions.map(\.name))
    }

    /// The region of a voter.
    public func region(_ node: NodeID) -> RegionHandle { regions[node.rawValue] }

    /// Registers a component (a listener, ...) in a region; it follows the region's state.
    public func register(_ component: any RegionComponent, in node: NodeID) async {
        await region(node).register(component)
    }

    /// Adds a top-level status section whose JSON text `provider` computes on each request.
    public func setStatusSection(_ key: String, _ provider: @escaping @Sendable () async -> String) {
        sections.withLock { list in
            list.removeAll { $0.key == key }
            list.append((key, provider))
        }
    }

    // MARK: links

    func replication() throws(ChaosError) -> ReplicationCluster {
        guard let cluster else { throw .invalid("this stack runs no DSQL cluster of its own, so it has no links to fault") }
        return cluster.replication
    }

    /// Puts `fault` on the link `from -> to` (both directions with `both`).
    public func setLink(from: String, to: String, _ fault: LinkFault, both: Bool = false) throws(ChaosError) {
        let a = try region(from).node, b = try region(to).node
        guard a != b else { throw .invalid("a link joins two different regions; both ends are \(from)") }
        try fault.validate()
        try replication().apply(fault, from: a, to: b, both: both)
    }

    /// Cuts the link between two regions (both directions unless `oneWay`).
    public func partition(_ a: String, _ b: String, oneWay: Bool = false) throws(ChaosError) {
        try setLink(from: a, to: b, LinkFault(partition: true), both: !oneWay)
    }

    /// Sets every link to a latency preset (removing partitions and loss).
    public func applyLatency(_ preset: LatencyPreset) throws(ChaosError) {
        try replication().apply(preset)
    }

    /// Heals everything: every region restored (killed ones restart, paused ones resume) and
    /// every link healthy. Throws the first restore failure, after trying every region.
    public func heal() async throws(ChaosError) {
        var failure: ChaosError?
        for r in regions {
            do throws(ChaosError) { _ = try await r.restore() } catch { failure = failure ?? error }
        }
        cluster?.replication.healLinks()
        if let failure { throw failure }
    }

    // MARK: status

    /// The whole chaos status: regions, log nodes, links, and the extra sections.
    public func status() async -> StackStatus {
        let nodes = await cluster?.replication.nodeStatus()
        var status = StackStatus(names: RegionNames(
            primary: regions[0].name, secondary: regions[1].name, witness: regions[2].name))
        for r in regions {
            status.regions.append(.init(
                name: r.name, node: r.node, state: r.state, resumesInMilliseconds: r.resumesInMilliseconds,
                components: r.componentNames, logNode: nodes?[r.node.rawValue]))
        }
        status.links = cluster?.replication.linkReports ?? []
        for section in sections.withLock({ $0 }) { status.sections.append((section.key, await section.json())) }
        return status
    }
}
