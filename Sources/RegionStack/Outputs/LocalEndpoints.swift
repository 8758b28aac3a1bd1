import Chaos

/// Where the running emulator actually listens, as given by the runtime.
///
/// The configuration layer does not know ports; the runtime passes the base URLs it bound
/// (`http://127.0.0.1:PORT`, or with a path prefix if regions share a port) and the outputs
/// append the stage and resource paths to them.
public struct LocalEndpoints: Sendable, Equatable {
    /// Base URL of each region's API, without the stage (`http://127.0.0.1:8081`).
    public var regionBaseURLs: [StackRegionRole: String]
    /// Base URL of the global (Route 53-style failover) endpoint, if there is one.
    public var edgeURL: String?
    /// Base URL of the admin API.
    public var adminURL: String
    /// Base URL of the global (Route 53 failover) endpoint, if there is one.
    public var globalURL: String? = nil
    /// The Route 53 health checks as configured (empty when not enabled).
    public var healthChecks: [HealthCheckConfiguration] = []
    /// Each region's API key value when `enable_api_key_required` is true (the printed curl
    /// commands then send it as `x-api-key`).
    public var apiKeys: [StackRegionRole: String] = [:]

    /// The PostgreSQL wire endpoints, when they run.
    public var postgres: StackPGWire.Endpoints?

    public init(primary: String, secondary: String, edge: String? = nil, admin: String,
                postgres: StackPGWire.Endpoints? = nil) {
        regionBaseURLs = [.primary: primary, .secondary: secondary]
        edgeURL = edge
        adminURL = admin
        self.postgres = postgres
    }

    /// `<base>/<stage>` for a region, with exactly one slash between them.
    public func stageURL(_ role: StackRegionRole, stage: String) -> String {
        var base = regionBaseURLs[role] ?? ""
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/" + stage
    }
}
