import Chaos
import Replication
import Lambda
import UsersService

/// What `regionstack up` (or a test) asks the stack runtime to start.
///
/// The configuration is the seed's variables (tfvars plus `--var`); the rest is local: ports,
/// files, and two optional hooks. `usersDatabase` replaces each data region's database (by default
/// the stack's own DSQL cluster; tests of the HTTP path may supply a test double). `functionFactory` replaces the API
/// function's code (tests register echo, slow or failing handlers through it).
public struct StackOptions: Sendable {
    /// The default admin port.
    public static let defaultAdminPort = 4580

    /// Address every listener binds (127.0.0.1 by default).
    public var host: String = "127.0.0.1"
    /// The host the printed URLs use: `host`, except that a wildcard bind (`0.0.0.0`, `::`) is
    /// reached at the loopback address, and IPv6 literals are bracketed.
    public var advertisedHost: String {
        switch host {
        case "0.0.0.0", "": "127.0.0.1"
        case "::", "[::]": "[::1]"
        default: host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        }
    }
    /// Admin listener port; 0 picks a free port.
    public var adminPort: Int = StackOptions.defaultAdminPort
    /// Edge listener port (APIs by `Host` or `/_aws/execute-api/` path); nil or 0 picks a free port.
    public var edgePort: Int? = nil
    /// Primary region API port; nil or 0 picks a free port.
    public var primaryPort: Int? = nil
    /// Secondary region API port; nil or 0 picks a free port.
    public var secondaryPort: Int? = nil
    /// The global (Route 53 failover) endpoint's port; nil or 0 picks a free port.
    public var globalPort: Int? = nil
    /// The Route 53 health checks' request interval (Route 53: 10 or 30 s; local default 1 s).
    public var healthCheckInterval: Duration = HealthCheckConfiguration.defaultInterval
    /// Consecutive probe results that change a health check's status (1...10; default 3).
    public var healthCheckFailureThreshold: Int = HealthCheckConfiguration.defaultFailureThreshold
    /// Where to write the outputs JSON once every listener is up.
    public var outputsFile: String? = nil
    /// Keep no state on disk.
    public var ephemeral: Bool = false
    /// Also write the outputs to `<dataDirectory>/outputs.json` (even when ephemeral), where
    /// `regionstack status` and `regionstack chaos` find the running stack.
    public var writesDataDirectoryOutputs: Bool = true
    /// Event-loop threads per listener; nil means one per core.
    public var loops: Int? = nil

    /// The seed's variables.
    public var configuration: StackConfiguration = .defaults
    /// Seed for names and ids (`random_id.suffix`, API ids, ...); nil draws one.
    public var seed: UInt64? = nil
    /// The 12-digit account id in ARNs.
    public var accountID: String = AWSARN.defaultAccountID
    /// Where regions keep state (ignored when `ephemeral`).
    public var dataDirectory: String = "./.regionstack/"
    /// When a commit-log write under `dataDirectory` counts as persisted (ephemeral logs live in memory).
    public var logSync: LogSync = .full
    /// Serve only the admin listener (benchmarks of the HTTP layer); no database is needed.
    public var adminOnly: Bool = false
    /// Run the db-init function once at start-up, as `aws_lambda_invocation.db_init` does.
    public var runDBInit: Bool = true

    /// PostgreSQL wire ports: the shared one (SNI picks the cluster) and each region's own; nil
    /// or 0 picks a free port.
    public var pgwirePort: Int? = nil
    public var pgwirePrimaryPort: Int? = nil
    public var pgwireSecondaryPort: Int? = nil
    /// Access key id -> secret that DSQL auth tokens must be signed with (`test`/`test` by default).
    public var dsqlCredentials: [String: String] = ["test": "test"]

    /// Metrics and alarms (and traces) on; off records nothing, for the overhead benchmark
    /// (`regionstack up --observability off`). Logs are kept either way.
    public var observability: Bool = true
    /// CloudWatch's period, 60 s; shorter values shrink every alarm period by the same factor
    /// (period 60 becomes this, 300 five times this), for tests and drills
    /// (`--metric-period-seconds`).
    public var metricPeriodSeconds: Int = 60

    /// Replaces API Gateway's 29 s integration timeout (tests of the 504 path); nil keeps 29 s.
    public var integrationTimeout: Duration? = nil

    /// Each data region's users database. Nil (the default): the stack starts its own DSQL cluster
    /// (under `dataDirectory`, or in temporary storage when `ephemeral`) and uses its endpoints.
    public var usersDatabase: (@Sendable (StackRegionRole) async throws -> any UsersDatabase)? = nil
    /// Replaces the API function's handler in a region (nil: the users service).
    public var functionFactory: (@Sendable (StackRegionRole) -> LambdaHandlerFactory)? = nil

    /// Creates options with defaults.
    public init() {}

    /// Options for tests: free ports everywhere, ephemeral, one loop per listener, seed 1.
    public static func testing() -> StackOptions {
        var options = StackOptions()
        options.adminPort = 0
        options.edgePort = 0
        options.primaryPort = 0
        options.secondaryPort = 0
        options.globalPort = 0
        options.ephemeral = true
        options.loops = 1
        options.seed = 1
        options.writesDataDirectoryOutputs = false
        return options
    }
}
