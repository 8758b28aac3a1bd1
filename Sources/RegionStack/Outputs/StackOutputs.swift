import Foundation

/// The seed's Terraform outputs for a running emulator, as JSON and as a printable block.
///
/// Every output of the seed's `outputs.tf` is here under the same name and keys, with values
/// computed from the configuration, the resource names and the local endpoints. Where the seed
/// would point at AWS (`endpoint_url`, `validation_commands`) the values point at the local
/// emulator instead, so the printed curl commands work verbatim (and, unlike the seed's, carry
/// the `http://` scheme); the AWS-style URLs are kept under `aws_endpoint_url`, `aws_health_url`
/// and `aws_users_url`. `admin_url` and `edge_url` are added.
public struct StackOutputs: Sendable, Equatable {
    public let configuration: StackConfiguration
    public let names: ResourceNames
    public let endpoints: LocalEndpoints
    /// `deployment_timestamp` (RFC 3339, UTC), also used as the clusters' `creation_time`.
    public let deploymentTimestamp: String
    /// The clusters' `status` when the outputs are printed.
    public let clusterStatus: String
    /// Every output by name.
    public let values: [String: OutputValue]

    public init(configuration: StackConfiguration, names: ResourceNames, endpoints: LocalEndpoints,
                deployedAt: Date = Date(), clusterStatus: String = "ACTIVE") {
        self.configuration = configuration
        self.names = names
        self.endpoints = endpoints
        self.deploymentTimestamp = StackOutputs.rfc3339(deployedAt)
        self.clusterStatus = clusterStatus
        self.values = StackOutputs.build(configuration, names, endpoints, deploymentTimestamp, clusterStatus)
    }

    /// All outputs as one JSON object keyed by output name (like
    /// `terraform output -json | jq 'map_values(.value)'`), keys sorted.
    public func json(pretty: Bool = true) -> String {
        OutputValue.object(values).json(pretty: pretty)
    }

    /// Writes the outputs in `terraform output -json`'s shape to `path`, replacing the file atomically.
    public func writeJSON(to path: String) throws {
        try Data(OutputValue.terraformOutputJSON(values).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// The `Outputs:` block `terraform apply` prints, for start-up.
    public func terraformText() -> String {
        OutputValue.terraformOutputsBlock(values)
    }

    /// The value at a dotted path, e.g. `api_gateway_endpoints.primary.health_url`.
    public subscript(path path: String) -> OutputValue? {
        OutputValue.object(values)[path: path]
    }

    /// The local endpoint URL of a region's stage (`http://127.0.0.1:PORT/prod`).
    public func localStageURL(_ role: StackRegionRole) -> String {
        endpoints.stageURL(role, stage: configuration.apiGatewayStageName)
    }

    /// `terraform`'s `timestamp()` format: `2026-11-24T22:00:00Z`.
    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
