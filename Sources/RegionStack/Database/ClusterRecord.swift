import AWSAPI
import Replication

/// One Aurora DSQL cluster as its control plane knows it: identity, status, protection, tags,
/// multi-Region peering, and which replicated cluster (and which of its data regions) serves it.
///
/// The stack's own pair is served by the stack's DSQL cluster; every cluster created through
/// `CreateCluster` gets a replicated cluster of its own (a single-Region cluster alone, a peered
/// pair shared by both sides), started once it can serve.
struct ClusterRecord: Sendable, Equatable {
    var identifier: String
    var region: String
    var accountID: String
    var status: String
    /// Epoch seconds.
    var creationTime: Double
    var deletionProtectionEnabled: Bool
    var tags: [String: String]
    /// The witness Region, for multi-Region clusters (nil: single-Region).
    var witnessRegion: String?
    /// The ARNs of its peers (without its own).
    var peerARNs: [String]
    /// The key of the replicated cluster that serves it (nil until it has one).
    var backing: String?
    /// The stack's own clusters: served by the stack's cluster, not deletable here.
    var isStackCluster: Bool = false

    var arn: String { AWSARN.dsqlCluster(region: region, account: accountID, id: identifier) }
    var endpoint: String { AWSARN.dsqlEndpoint(region: region, id: identifier) }

    /// `GetCluster`'s output.
    func described() -> AWSJSON {
        .members([
            ("identifier", .string(identifier)),
            ("arn", .string(arn)),
            ("status", .string(status)),
            ("creationTime", .double(creationTime)),
            ("deletionProtectionEnabled", .bool(deletionProtectionEnabled)),
            ("multiRegionProperties", multiRegionProperties),
            ("tags", tags.isEmpty ? nil : .map(tags)),
            ("encryptionDetails", .object([("encryptionType", .string("AWS_OWNED_KMS_KEY")), ("encryptionStatus", .string("ENABLED"))])),
            ("endpoint", .string(endpoint)),
        ])
    }

    /// `{witnessRegion, clusters}`: its own ARN and its peers', as DSQL lists them.
    var multiRegionProperties: AWSJSON? {
        guard let witnessRegion else { return nil }
        return .object([("witnessRegion", .string(witnessRegion)), ("clusters", .array(([arn] + peerARNs).map(AWSJSON.string)))])
    }

    /// The four members `UpdateCluster` and `DeleteCluster` answer with.
    func summary() -> AWSJSON {
        .object([
            ("identifier", .string(identifier)), ("arn", .string(arn)), ("status", .string(status)),
            ("creationTime", .double(creationTime)),
        ])
    }

    // MARK: persistence

    var json: AWSJSON {
        .members([
            ("identifier", .string(identifier)), ("region", .string(region)), ("accountID", .string(accountID)),
            ("status", .string(status)), ("creationTime", .double(creationTime)),
            ("deletionProtectionEnabled", .bool(deletionProtectionEnabled)), ("tags", .map(tags)),
            ("witnessRegion", witnessRegion.map(AWSJSON.string)), ("peerARNs", .array(peerARNs.map(AWSJSON.string))),
            ("backing", backing.map(AWSJSON.string)),
        ])
    }

    init(
        identifier: String, region: String, accountID: String, status: String, creationTime: Double,
        deletionProtectionEnabled: Bool, tags: [String: String], witnessRegion: String?, peerARNs: [String], backing: String?
    ) {
        self.identifier = identifier
        self.region = region
        self.accountID = accountID
        self.status = status
        self.creationTime = creationTime
        self.deletionProtectionEnabled = deletionProtectionEnabled
        self.tags = tags
        self.witnessRegion = witnessRegion
        self.peerARNs = peerARNs
        self.backing = backing
    }

    init?(json: AWSJSON) {
        guard let identifier = json["identifier"]?.string, let region = json["region"]?.string,
            let accountID = json["accountID"]?.string, let status = json["status"]?.string
        else { return nil }
        self.init(
            identifier: identifier, region: region, accountID: accountID, status: status,
            creationTime: json["creationTime"]?.double ?? 0,
            deletionProtectionEnabled: json["deletionProtectionEnabled"]?.bool ?? true, tags: json["tags"]?.stringMap ?? [:],
            witnessRegion: json["witnessRegion"]?.string, peerARNs: json["peerARNs"]?.array?.compactMap(\.string) ?? [],
            backing: json["backing"]?.string)
    }
}
