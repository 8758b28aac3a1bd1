import AWSAPI
import Foundation

/// The control-plane operations (`DSQLAPI` decodes and encodes them): each takes the Region of
/// the call, as DSQL is regional, and throws DSQL's errors as data.
extension ClusterRegistry {
    /// `multiRegionProperties` as a request gives it.
    public struct MultiRegion: Sendable, Equatable {
        public var witnessRegion: String?
        public var clusters: [String]?

        public init(witnessRegion: String?, clusters: [String]?) {
            self.witnessRegion = witnessRegion
            self.clusters = clusters
        }
    }

    func create(region: String, deletionProtection: Bool?, tags: [String: String], multiRegion: MultiRegion?)
        throws(AWSError) -> AWSJSON
    {
        let now = Date().timeIntervalSince1970
        let accountID = settings.accountID
        if let witness = multiRegion?.witnessRegion { try validateWitness(witness, region: region) }
        let record = try state.withLock { (state: inout State) throws(AWSError) -> ClusterRecord in
            let id = nextIdentifier(&state)
            var record = ClusterRecord(
                identifier: id, region: region, accountID: accountID, status: "CREATING", creationTime: now,
                deletionProtectionEnabled: deletionProtection ?? true, tags: tags, witnessRegion: nil, peerARNs: [], backing: id)
            if let multiRegion, let witness = multiRegion.witnessRegion {
                record.status = "PENDING_SETUP"
                record.backing = nil
                record.witnessRegion = witness
                record.peerARNs = try peers(multiRegion.clusters ?? [], of: record)
            }
            state.records[id] = record
            return record
        }
        if record.witnessRegion == nil { startBacking(record.identifier) } else { reconcile() }
        save()
        return state.withLock { $0.records[record.identifier]?.described() } ?? record.described()
    }

    func get(region: String, identifier: String) throws(AWSError) -> ClusterRecord {
        guard let record = state.withLock({ $0.records[identifier] }), record.region == region else {
            throw Self.notFound(identifier, region: region, accountID: settings.accountID)
        }
        return record
    }

    func list(region: String) -> [ClusterRecord] {
        state.withLock { $0.records.values.filter { $0.region == region } }
            .sorted { ($0.creationTime, $0.identifier) < ($1.creationTime, $1.identifier) }
    }

    func update(region: String, identifier: String, deletionProtection: Bool?, multiRegion: MultiRegion?) throws(AWSError)
        -> ClusterRecord
    {
        let current = try get(region: region, identifier: identifier)
        if let witness = multiRegion?.witnessRegion { try validateWitness(witness, region: region) }
        let updated = try state.withLock { (state: inout State) throws(AWSError) -> ClusterRecord in
            guard var record = state.records[identifier] else {
                throw Self.notFound(identifier, region: region, accountID: settings.accountID)
            }
            if let deletionProtection { record.deletionProtectionEnabled = deletionProtection }
            if let multiRegion {
                guard !record.isStackCluster || multiRegion.clusters.map({ Set($0) == Set([record.arn] + record.peerARNs) }) ?? true,
                    record.isStackCluster || record.backing == nil || record.witnessRegion != nil
                else {
                    throw Self.validation(
                        "Cluster \(identifier) is already served by its replicated cluster; this emulator cannot change its peers",
                        reason: "other")
                }
                if !record.isStackCluster {
                    if let witness = multiRegion.witnessRegion { record.witnessRegion = witness }
                    if record.witnessRegion == nil {
                        throw Self.validation("multiRegionProperties.witnessRegion is required to peer clusters", reason: "fieldValidationFailed")
                    }
                    if let clusters = multiRegion.clusters, record.backing == nil { record.peerARNs = try peers(clusters, of: record) }
                    if record.backing == nil { record.status = "PENDING_SETUP" }
                }
            }
            state.records[identifier] = record
            return record
        }
        _ = current
        reconcile()
        save()
        return state.withLock { $0.records[identifier] } ?? updated
    }

    func delete(region: String, identifier: String) throws(AWSError) -> ClusterRecord {
        let record = try get(region: region, identifier: identifier)
        if record.isStackCluster {
            throw Self.validation(
                "Cluster \(identifier) is the stack's own cluster (the users service runs on it); `regionstack destroy` deletes it",
                reason: "other")
        }
        if record.deletionProtectionEnabled {
            throw Self.validation(
                "Cluster \(identifier) has deletion protection enabled. Disable deletion protection (update-cluster --no-deletion-protection-enabled) before deleting it.",
                reason: "deletionProtectionEnabled")
        }
        if record.status == "DELETING" || record.status == "PENDING_DELETE" { return record }
        let (result, toDelete) = state.withLock { state -> (ClusterRecord, [String]) in
            let peer = record.peerARNs.first.flatMap { arn in state.records.values.first { $0.arn == arn } }
            if let peer, peer.backing != nil, peer.backing == record.backing, peer.status != "PENDING_DELETE" {
                state.records[identifier]!.status = "PENDING_DELETE"
                return (state.records[identifier]!, [])
            }
            var ids = [identifier]
            state.records[identifier]!.status = "DELETING"
            if let peer, peer.status == "PENDING_DELETE" {
                state.records[peer.identifier]!.status = "DELETING"
                ids.append(peer.identifier)
            }
            return (state.records[identifier]!, ids)
        }
        save()
        if !toDelete.isEmpty { finishDeletion(toDelete) }
        return result
    }

    func tags(arn: String, region: String) throws(AWSError) -> [String: String] {
        try record(arn: arn, region: region).tags
    }

    func tag(arn: String, region: String, tags: [String: String]) throws(AWSError) {
        let record = try record(arn: arn, region: region)
        state.withLock { $0.records[record.identifier]?.tags.merge(tags) { _, new in new } }
        save()
    }

    func untag(arn: String, region: String, keys: [String]) throws(AWSError) {
        let record = try record(arn: arn, region: region)
        state.withLock { state in for key in keys { state.records[record.identifier]?.tags[key] = nil } }
        save()
    }

    func record(arn: String, region: String) throws(AWSError) -> ClusterRecord {
        guard let record = state.withLock({ $0.records.values.first { $0.arn == arn } }), record.region == region else {
            throw AWSError(
                code: "ResourceNotFoundException",
                message: "The resource with ARN \(arn) doesn't exist. Verify the ARN and try again.", status: 404,
                fields: [("resourceId", .string(arn)), ("resourceType", .string("cluster"))])
        }
        return record
    }

    // MARK: peering

    /// The peers a request names (its own ARN left out): at most one, in another Region.
    func peers(_ arns: [String], of record: ClusterRecord) throws(AWSError) -> [String] {
        let others = Array(Set(arns.filter { $0 != record.arn })).sorted()
        guard others.count <= 1 else {
            throw Self.validation("A multi-Region cluster has exactly one peer cluster; got \(others.count)", reason: "fieldValidationFailed")
        }
        for arn in others {
            let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 6, parts[0] == "arn", parts[2] == "dsql", parts[5].hasPrefix("cluster/") else {
                throw Self.validation("Invalid cluster ARN \(arn)", reason: "fieldValidationFailed")
            }
            guard parts[3] != record.region else {
                throw Self.validation("The peer cluster \(arn) must be in another Region than \(record.region)", reason: "fieldValidationFailed")
            }
        }
        return others
    }

    func validateWitness(_ witness: String, region: String) throws(AWSError) {
        let c = settings.configuration
        guard witness != region else {
            throw Self.validation("The witness Region cannot be the cluster's own Region (\(region))", reason: "fieldValidationFailed")
        }
        guard witness == c.witnessRegion, region == c.primaryRegion || region == c.secondaryRegion else {
            throw Self.validation(
                "This emulator runs multi-Region clusters in \(c.primaryRegion) and \(c.secondaryRegion) with the witness Region \(c.witnessRegion)",
                reason: "fieldValidationFailed")
        }
    }

    /// Pairs whose sides name each other get one replicated cluster, which makes both ACTIVE.
    func reconcile() {
        let keys = state.withLock { state -> [String] in
            var keys: [String] = []
            for record in state.records.values where record.status == "PENDING_SETUP" && record.backing == nil {
                guard let peerARN = record.peerARNs.first,
                    let peer = state.records.values.first(where: { $0.arn == peerARN }),
                    peer.status == "PENDING_SETUP", peer.backing == nil, peer.peerARNs == [record.arn],
                    peer.witnessRegion == record.witnessRegion, node(for: peer) != node(for: record)
                else { continue }
                let key = min(record.identifier, peer.identifier)
                state.records[record.identifier]!.backing = key
                state.records[peer.identifier]!.backing = key
                keys.append(key)
            }
            return keys
        }
        for key in keys { startBacking(key) }
    }

    // MARK: errors

    static func notFound(_ identifier: String, region: String, accountID: String) -> AWSError {
        AWSError(
            code: "ResourceNotFoundException",
            message: "The resource with ARN \(AWSARN.dsqlCluster(region: region, account: accountID, id: identifier)) doesn't exist. Verify the ARN and try again.",
            status: 404, fields: [("resourceId", .string(identifier)), ("resourceType", .string("cluster"))])
    }

    static func validation(_ message: String, reason: String) -> AWSError {
        AWSError(code: "ValidationException", message: message, status: 400, fields: [("reason", .string(reason))])
    }
}
