/// What `regionstack up` (or a test) asks the stack runtime to start.
public struct StackOptions: Sendable, Equatable {
    /// The default admin port.
    public static let defaultAdminPort = 4580

    /// Address every listener binds (127.0.0.1 by default).
    public var host: String = "127.0.0.1"
    /// Admin listener port; 0 picks a free port.
    public var adminPort: Int = StackOptions.defaultAdminPort
    /// Global (failover) endpoint port; accepted, served once the API Gateway lands.
    public var edgePort: Int? = nil
    /// Primary region API port; accepted, served once the API Gateway lands.
    public var primaryPort: Int? = nil
    /// Secondary region API port; accepted, served once the API Gateway lands.
    public var secondaryPort: Int? = nil
    /// Where to write the outputs JSON once every listener is up.
    public var outputsFile: String? = nil
    /// Keep no state on disk.
    public var ephemeral: Bool = false
    /// Event-loop threads per listener; nil means one per core.
    public var loops: Int? = nil

    /// Creates options with defaults.
    public init() {}

    /// Options for tests: free ports, ephemeral.
    public static func testing() -> StackOptions {
        var options = StackOptions()
        options.adminPort = 0
        options.ephemeral = true
        options.loops = 1
        return options
    }
}

/// The URLs a running stack serves (also written to the outputs file).
public struct StackEndpoints: Sendable, Equatable {
    /// The admin base URL, e.g. `http://127.0.0.1:4580`.
    public var adminURL: String
    /// The health URL under the admin listener.
    public var healthURL: String
    /// The bound admin port.
    public var adminPort: Int

    /// The outputs document entries, in order.
    public var outputs: [(String, String)] { [("admin_url", adminURL), ("health_url", healthURL)] }

    public static func == (a: StackEndpoints, b: StackEndpoints) -> Bool {
        a.adminURL == b.adminURL && a.healthURL == b.healthURL && a.adminPort == b.adminPort
    }
}

/// Why the stack could not start.
public enum StackError: Error, Sendable, Equatable {
    /// `start` was called on a runtime that is already running.
    case alreadyRunning
    /// A listener failed to bind.
    case listen(String)
    /// The outputs file could not be written.
    case outputsFile(path: String, errno: Int32)
}
