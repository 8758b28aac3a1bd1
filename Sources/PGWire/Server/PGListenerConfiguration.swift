/// Where a PostgreSQL wire listener binds and how its connections behave.
///
/// One value per listener: the shared port requires SNI to pick a cluster; a per-region port
/// names its cluster and accepts clients that cannot send SNI.
public struct PGListenerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    public var backlog: Int32 = 1024
    /// Connections this listener keeps open at most; beyond it, accepts pause briefly.
    public var maxConnections = 20_000
    /// The per-connection protocol settings (TLS/SNI requirements, limits, timeouts).
    public var connection = PGConnectionMachine.Settings()

    public init(host: String = "127.0.0.1", port: Int = 0) {
        self.host = host
        self.port = port
    }
}
