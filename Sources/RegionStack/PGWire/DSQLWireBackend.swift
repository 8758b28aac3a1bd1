import DSQL
import Glibc
import PGWire
import Replication
import Synchronization

/// The stack's DSQL clusters behind the PostgreSQL wire: authentication as DSQL does it and one
/// `DSQLWireSession` per connection.
///
/// It exists to pick the cluster (by TLS server name on the shared port, by the port otherwise),
/// check the IAM token against the stack's local credentials, enforce DSQL's connection quota
/// and rate, and report DSQL's recorded ParameterStatus values (`server_version` 16.15, ...).
final class DSQLWireBackend: PGBackend {
    /// One data region's cluster endpoint.
    struct Endpoint: Sendable {
        var hostname: String
        var region: String
        var node: NodeID
    }

    /// DSQL's connection limits per cluster (dsql.md §5.1).
    struct Limits: Sendable {
        var maxConnections = 10_000
        var ratePerSecond = 100.0
        var burst = 1_000.0
    }

    let cluster: DSQLCluster
    let endpoints: [String: Endpoint]
    let credentials: [String: String]
    let limits: Limits
    let clock: @Sendable () -> Double
    /// Per endpoint: open sessions, rate tokens and their last refill.
    let usage = Mutex<[String: (open: Int, tokens: Double, at: Double)]>([:])

    init(cluster: DSQLCluster, endpoints: [Endpoint], credentials: [String: String], limits: Limits = Limits(),
         clock: @escaping @Sendable () -> Double = DSQLWireBackend.wallClock) {
        self.cluster = cluster
        self.endpoints = Dictionary(uniqueKeysWithValues: endpoints.map { ($0.hostname.lowercased(), $0) })
        self.credentials = credentials
        self.limits = limits
        self.clock = clock
    }

    static let wallClock: @Sendable () -> Double = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func authFailed(_ user: String) -> PGError {
        PGError(severity: "FATAL", sqlstate: "28P01", message: "IAM authentication failed for user \"\(user)\"")
    }

    func open(_ startup: PGStartup) async throws(PGError) -> PGOpenedSession {
        let name = startup.listenerCluster ?? startup.serverName ?? ""
        guard let endpoint = endpoints[name] else {
            throw PGError(severity: "FATAL", sqlstate: "08004",
                          message: "unable to accept connection, no cluster for server name \"\(name)\"")
        }
        let token: DSQLAuthToken
        do {
            token = try DSQLAuthToken.parse(startup.password)
            try token.verify(host: endpoint.hostname, region: endpoint.region, user: startup.user,
                             credentials: credentials, now: Int(clock()))
        } catch {
            throw Self.authFailed(startup.user)
        }
        _ = token
        guard startup.user == "admin" else {
            throw PGError(severity: "FATAL", sqlstate: "28000", message: "role \"\(startup.user)\" does not exist")
        }
        guard startup.database == "postgres" else {
            throw PGError(severity: "FATAL", sqlstate: "3D000", message: "database \"\(startup.database)\" does not exist")
        }
        try admit(endpoint.hostname)
        let session: DSQLSession
        do {
            session = try cluster.connect(region: endpoint.node)
        } catch {
            release(endpoint.hostname)
            throw DSQLWireTypes.error(error).fatal
        }
        let host = endpoint.hostname
        let wire = DSQLWireSession(cluster: cluster, node: endpoint.node, session: session) { [self] in release(host) }
        return PGOpenedSession(session: wire, parameters: Self.parameters(startup))
    }

    /// DSQL's connection quota and rate (a token bucket: burst 1,000, refill 100 per second).
    func admit(_ host: String) throws(PGError) {
        let now = clock()
        let verdict = usage.withLock { table -> PGError? in
            var entry = table[host] ?? (0, limits.burst, now)
            entry.tokens = min(limits.burst, entry.tokens + (now - entry.at) * limits.ratePerSecond)
            entry.at = now
            defer { table[host] = entry }
            if entry.open >= limits.maxConnections {
                return PGError(severity: "FATAL", sqlstate: "53300",
                               message: "Unable to accept connection, too many open connections.")
            }
            if entry.tokens < 1 {
                return PGError(severity: "FATAL", sqlstate: "53400", message: "Unable to accept connection, rate exceeded.")
            }
            entry.tokens -= 1
            entry.open += 1
            return nil
        }
        if let verdict { throw verdict }
    }

    func release(_ host: String) {
        usage.withLock { table in
            if var entry = table[host] {
                entry.open = max(0, entry.open - 1)
                table[host] = entry
            }
        }
    }

    /// Open wire sessions on `host`.
    func openSessions(_ host: String) -> Int { usage.withLock { $0[host.lowercased()]?.open ?? 0 } }

    /// The ParameterStatus values a DSQL endpoint reports (server_version as recorded: 16.15).
    static func parameters(_ startup: PGStartup) -> [(String, String)] {
        [
            ("application_name", startup.parameters["application_name"] ?? ""),
            ("client_encoding", "UTF8"),
            ("DateStyle", "ISO, MDY"),
            ("default_transaction_read_only", "off"),
            ("in_hot_standby", "off"),
            ("integer_datetimes", "on"),
            ("IntervalStyle", "postgres"),
            ("is_superuser", "off"),
            ("server_encoding", "UTF8"),
            ("server_version", "16.15"),
            ("session_authorization", startup.user),
            ("standard_conforming_strings", "on"),
            ("TimeZone", "UTC"),
        ]
    }
}
