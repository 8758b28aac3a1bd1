import AWSAPI

/// Aurora DSQL's control plane (2018-05-10, rest-json) over the stack's cluster registry:
/// clusters, peering, deletion protection, tags and the VPC endpoint service name, with the
/// statuses and errors dsql.md describes.
struct DSQLAPI {
    let registry: ClusterRegistry

    var service: AWSService {
        AWSService(
            signingName: "dsql", wireProtocol: .restJSON,
            operations: [
                AWSOperation("CreateCluster", "POST", "/cluster") { request throws(AWSError) in
                    let body = try request.json()
                    return .json(
                        try registry.create(
                            region: request.region, deletionProtection: body["deletionProtectionEnabled"]?.bool,
                            tags: try Self.tags(body["tags"]), multiRegion: try Self.multiRegion(body["multiRegionProperties"])))
                },
                AWSOperation("GetCluster", "GET", "/cluster/{identifier}") { request throws(AWSError) in
                    .json(try registry.get(region: request.region, identifier: request.label("identifier")).described())
                },
                AWSOperation("UpdateCluster", "POST", "/cluster/{identifier}") { request throws(AWSError) in
                    let body = try request.json()
                    let record = try registry.update(
                        region: request.region, identifier: request.label("identifier"),
                        deletionProtection: body["deletionProtectionEnabled"]?.bool,
                        multiRegion: try Self.multiRegion(body["multiRegionProperties"]))
                    return .json(record.summary())
                },
                AWSOperation("DeleteCluster", "DELETE", "/cluster/{identifier}") { request throws(AWSError) in
                    .json(try registry.delete(region: request.region, identifier: request.label("identifier")).summary())
                },
                AWSOperation("ListClusters", "GET", "/cluster") { request throws(AWSError) in try list(request) },
                AWSOperation("GetVpcEndpointServiceName", "GET", "/clusters/{identifier}/vpc-endpoint-service-name") {
                    request throws(AWSError) in
                    let record = try registry.get(region: request.region, identifier: request.label("identifier"))
                    let hex = String(ClusterRegistry.fnv1a(record.region) & 0xFF_FFFF, radix: 16)
                    let suffix = String(repeating: "0", count: 6 - hex.count) + hex
                    return .json(.object([("serviceName", .string("com.amazonaws.\(record.region).dsql-\(suffix)"))]))
                },
                AWSOperation("TagResource", "POST", "/tags/{resourceArn}") { request throws(AWSError) in
                    let body = try request.json()
                    try registry.tag(arn: request.label("resourceArn"), region: request.region, tags: try Self.tags(body["tags"]))
                    return .empty(200)
                },
                AWSOperation("UntagResource", "DELETE", "/tags/{resourceArn}") { request throws(AWSError) in
                    try registry.untag(arn: request.label("resourceArn"), region: request.region, keys: request.queryValues("tagKeys"))
                    return .empty(200)
                },
                AWSOperation("ListTagsForResource", "GET", "/tags/{resourceArn}") { request throws(AWSError) in
                    .json(.object([("tags", .map(try registry.tags(arn: request.label("resourceArn"), region: request.region)))]))
                },
            ],
            unimplemented: [
                .init("PutClusterPolicy", "POST", "/cluster/{identifier}/policy"),
                .init("GetClusterPolicy", "GET", "/cluster/{identifier}/policy"),
                .init("DeleteClusterPolicy", "DELETE", "/cluster/{identifier}/policy"),
                .init("CreateStream", "POST", "/stream/{clusterIdentifier}"),
                .init("GetStream", "GET", "/stream/{clusterIdentifier}/{streamIdentifier}"),
                .init("ListStreams", "GET", "/stream/{clusterIdentifier}"),
                .init("DeleteStream", "DELETE", "/stream/{clusterIdentifier}/{streamIdentifier}"),
            ])
    }

    func list(_ request: AWSRequest) throws(AWSError) -> AWSResponse {
        var limit = 100
        if let text = request.queryValue("max-results") {
            guard let n = Int(text), (1...100).contains(n) else {
                throw ClusterRegistry.validation(
                    "1 validation error detected: Value '\(text)' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100",
                    reason: "fieldValidationFailed")
            }
            limit = n
        }
        let all = registry.list(region: request.region)
        var start = 0
        if let token = request.queryValue("next-token") {
            guard let index = all.firstIndex(where: { $0.identifier == token }) else {
                throw ClusterRegistry.validation("The next token \(token) is not valid", reason: "fieldValidationFailed")
            }
            start = index
        }
        let page = all[start...].prefix(limit)
        let next = start + page.count < all.count ? all[start + page.count].identifier : nil
        return .json(
            .members([
                ("clusters", .array(page.map { .object([("identifier", .string($0.identifier)), ("arn", .string($0.arn))]) })),
                ("nextToken", next.map(AWSJSON.string)),
            ]))
    }

    static func tags(_ value: AWSJSON?) throws(AWSError) -> [String: String] {
        guard let value else { return [:] }
        guard let map = value.stringMap else {
            throw ClusterRegistry.validation("tags must be a map of strings", reason: "fieldValidationFailed")
        }
        return map
    }

    static func multiRegion(_ value: AWSJSON?) throws(AWSError) -> ClusterRegistry.MultiRegion? {
        guard let value else { return nil }
        let clusters = value["clusters"]?.array
        if let clusters, clusters.contains(where: { $0.string == nil }) {
            throw ClusterRegistry.validation("multiRegionProperties.clusters must be a list of ARNs", reason: "fieldValidationFailed")
        }
        return ClusterRegistry.MultiRegion(witnessRegion: value["witnessRegion"]?.string, clusters: clusters?.compactMap(\.string))
    }
}
