/// The URLs and ports a running stack serves, and its outputs.
public struct StackEndpoints: Sendable, Equatable {
    /// The admin base URL, e.g. `http://127.0.0.1:4580`.
    public var adminURL: String
    /// The health URL under the admin listener.
    public var healthURL: String
    /// The bound admin port.
    public var adminPort: Int
    /// Bound API ports per region (empty when admin-only).
    public var regionPorts: [StackRegionRole: Int] = [:]
    /// The bound edge port (nil when admin-only).
    public var edgePort: Int? = nil
    /// The bound global (Route 53 failover) endpoint port (nil when admin-only).
    public var globalPort: Int? = nil
    /// The seed's outputs for this run (nil when admin-only).
    public var outputs: StackOutputs? = nil
    /// The PostgreSQL wire endpoints (nil when admin-only or without the stack's own cluster).
    public var pgwire: StackPGWire.Endpoints? = nil
    /// The API key values per region when `enable_api_key_required` is true.
    public var apiKeys: [StackRegionRole: String] = [:]

    /// Creates endpoints for the admin listener.
    public init(adminURL: String, healthURL: String, adminPort: Int) {
        self.adminURL = adminURL
        self.healthURL = healthURL
        self.adminPort = adminPort
    }

    /// The admin-only outputs document entries, in order.
    public var adminOutputs: [(String, String)] { [("admin_url", adminURL), ("health_url", healthURL)] }

    public static func == (a: StackEndpoints, b: StackEndpoints) -> Bool {
        a.adminURL == b.adminURL && a.healthURL == b.healthURL && a.adminPort == b.adminPort
            && a.regionPorts == b.regionPorts && a.edgePort == b.edgePort && a.globalPort == b.globalPort && a.apiKeys == b.apiKeys
            && a.pgwire == b.pgwire
    }
}
