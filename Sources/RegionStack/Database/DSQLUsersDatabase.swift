import DSQL
import DSQLClient
import Replication
import UsersService

/// The users service's database in one data region: the region's DSQL endpoint.
///
/// Each call opens its own session on the cluster (a session is one PostgreSQL-style connection
/// whose statements run one after another), so concurrent Lambda invocations run concurrent
/// autocommit statements instead of queueing behind one connection. Retrying 40001 is the users
/// service's job, as it is the seed Lambda's; this adapter passes every error through unchanged.
public struct DSQLUsersDatabase: UsersDatabase {
    let cluster: DSQLCluster
    let node: NodeID

    /// The database of `role`'s region in `cluster`.
    public init(cluster: DSQLCluster, role: StackRegionRole) {
        self.cluster = cluster
        self.node = StackDSQL.node(for: role)
    }

    public func execute(_ sql: String, _ params: [SQLValue]) async throws(DSQLError) -> UsersQueryResult {
        let session = try cluster.connect(region: node)
        let result = try await session.execute(sql, params)
        return UsersQueryResult(
            columns: result.columns.map(\.name), rows: result.rows,
            rowsAffected: StackDSQL.rowsAffected(commandTag: result.commandTag, rows: result.rows.count))
    }
}

/// How the stack maps its regions onto the DSQL cluster's voters, and starts the cluster.
///
/// The cluster's three voters are the primary and secondary data regions and the witness; the
/// configuration's region names (`primary_region`, ...) are labels on those roles.
public enum StackDSQL {
    /// The voter that serves `role`'s region.
    public static func node(for role: StackRegionRole) -> NodeID {
        role == .primary ? .primary : .secondary
    }

    /// The configured regions, by voter.
    public static func regionNames(_ configuration: StackConfiguration) -> RegionNames {
        RegionNames(primary: configuration.primaryRegion, secondary: configuration.secondaryRegion,
                    witness: configuration.witnessRegion)
    }

    /// The voter for a region named in a request: the configured region name, or the role name
    /// (`primary`, `secondary`, `witness`).
    public static func node(named name: String, configuration: StackConfiguration) -> NodeID? {
        switch name {
        case configuration.primaryRegion, "primary": .primary
        case configuration.secondaryRegion, "secondary": .secondary
        case configuration.witnessRegion, "witness": .witness
        default: nil
        }
    }

    /// Starts the cluster under `<dataDirectory>/dsql`, or in temporary storage when ephemeral.
    public static func start(
        dataDirectory: String, ephemeral: Bool, logSync: LogSync = .full, seed: UInt64,
        regionNames: RegionNames = .defaults
    ) async throws(DSQLError) -> DSQLCluster {
        let base = dataDirectory.hasSuffix("/") ? String(dataDirectory.dropLast()) : dataDirectory
        var raft = RaftConfig()
        raft.bootCampaigner = .primary  // all voters boot together: elect at once, not after 300-600 ms
        return try await DSQLCluster.start(directory: ephemeral ? nil : base + "/dsql", logSync: logSync, seed: seed, raft: raft,
            regionNames: regionNames)
    }

    /// The row count in a command tag (`INSERT 0 3` -> 3, `UPDATE 2` -> 2), else the rows returned.
    static func rowsAffected(commandTag: String, rows: Int) -> Int {
        // The last space-separated word, found from the end without splitting the whole tag.
        let space = UInt8(ascii: " ")
        let utf8 = commandTag.utf8
        guard let lastIndex = utf8.lastIndex(where: { $0 != space }) else { return rows }
        let end = utf8.index(after: lastIndex)
        let start = utf8[..<end].lastIndex(of: space).map { utf8.index(after: $0) } ?? utf8.startIndex
        return Int(Substring(utf8[start..<end])) ?? rows
    }
}
