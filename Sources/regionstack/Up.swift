import Foundation
import Replication
import ArgumentParser
import Dispatch
import Glibc
import RegionStack

/// `regionstack up`: start the stack and serve until Ctrl-C or SIGTERM.
struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the stack (the default).",
        discussion: """
            Reads the seed's variables (--config FILE, a terraform.tfvars, then --var k=v in order),
            builds both data regions (Lambda functions, API Gateway REST APIs) and serves each region's
            API on its own port (paths /<stage>/...), every API on the edge port (Host
            <api-id>.execute-api.<region>.localhost or path /_aws/execute-api/<api-id>/<stage>/...), and
            the admin API. Prints the Terraform-style outputs and writes them as JSON to --outputs-file.
            Ctrl-C or SIGTERM shuts down gracefully.
            """)

    @Option(help: "Address to bind.")
    var host: String = "127.0.0.1"

    @Option(help: "Admin listener port (0 picks a free port).")
    var adminPort: Int = StackOptions.defaultAdminPort

    @Option(help: "Edge port: every API by Host header or /_aws/execute-api/ path (0 picks a free port).")
    var edgePort: Int = 4566

    @Option(help: "Primary region API port (0 picks a free port).")
    var primaryPort: Int = 4581

    @Option(help: "Secondary region API port (0 picks a free port).")
    var secondaryPort: Int = 4582

    @Option(help: "Global endpoint port: the Route 53 failover record, forwarded to the primary while healthy, else the secondary (0 picks a free port).")
    var globalPort: Int = 4583

    @Option(help: "Route 53 health checks' request interval in seconds (Route 53 offers 10 or 30; locally 0.01 to 30).")
    var healthCheckInterval: Double = 1

    @Option(help: "Consecutive health-check results that change a check's status (1 to 10, Route 53's range).")
    var healthCheckFailureThreshold: Int = 3

    @Option(help: "PostgreSQL wire port shared by both clusters: TLS SNI picks the cluster (0 picks a free port).")
    var pgPort: Int = 4510

    @Option(help: "PostgreSQL wire port of the primary region's cluster, for clients without SNI (0 picks a free port).")
    var pgPrimaryPort: Int = 4511

    @Option(help: "PostgreSQL wire port of the secondary region's cluster (0 picks a free port).")
    var pgSecondaryPort: Int = 4512

    @Option(help: "Access key id DSQL auth tokens must be signed with.")
    var accessKeyId: String = "test"

    @Option(help: "The secret access key for --access-key-id.")
    var secretAccessKey: String = "test"

    @Option(help: "Write the outputs (terraform output -json style) once all listeners are up.")
    var outputsFile: String?

    @Option(help: "A terraform.tfvars file with the seed's variables.")
    var config: String?

    @Option(name: .customLong("var"), help: "Set a variable, e.g. --var enable_api_key_required=true (repeatable).")
    var variables: [String] = []

    @Option(help: "Seed for names and ids (same seed, same names).")
    var seed: UInt64?

    @Option(help: "The 12-digit account id used in ARNs.")
    var accountId: String = AWSARN.defaultAccountID

    @Option(help: "Where regions keep their state.")
    var dataDir: String = "./.regionstack/"

    @Flag(help: "Keep no state on disk.")
    var ephemeral = false

    @Option(help: ArgumentHelp(
        "When a commit-log write counts as persisted: full (fdatasync: survives power loss) or normal (written to the OS: survives a crash of the process, like SQLite WAL synchronous=NORMAL).",
        valueName: "full|normal"))
    var logSync: String = "full"

    @Option(help: "Event-loop threads per listener (default: one per core).")
    var loops: Int?

    @Option(help: ArgumentHelp(
        "Metrics and alarms: on, or off (nothing recorded; for the overhead benchmark). Logs are kept either way.",
        valueName: "on|off"))
    var observability: String = "on"

    @Option(help: "CloudWatch's period in seconds (60); shorter periods shrink every alarm period by the same factor (60 s becomes this, 300 s five times it), for tests and drills. One of 1, 2, 5, 10, 15, 20, 30, 60.")
    var metricPeriodSeconds: Int = 60

    func validate() throws {
        for (name, port) in [("admin-port", adminPort), ("edge-port", edgePort),
                             ("primary-port", primaryPort), ("secondary-port", secondaryPort), ("global-port", globalPort),
                             ("pg-port", pgPort), ("pg-primary-port", pgPrimaryPort), ("pg-secondary-port", pgSecondaryPort)]
        where !(0...65535).contains(port) {
            throw ValidationError("--\(name) must be between 0 and 65535")
        }
        if let loops, loops < 1 { throw ValidationError("--loops must be at least 1") }
        if !(0.01...30).contains(healthCheckInterval) {
            throw ValidationError("--health-check-interval must be between 0.01 and 30 seconds")
        }
        if !(1...10).contains(healthCheckFailureThreshold) {
            throw ValidationError("--health-check-failure-threshold must be between 1 and 10")
        }
        if LogSync(parsing: logSync) == nil { throw ValidationError("--log-sync must be full or normal") }
        if observability != "on" && observability != "off" { throw ValidationError("--observability must be on or off") }
        if ![1, 2, 5, 10, 15, 20, 30, 60].contains(metricPeriodSeconds) {
            throw ValidationError("--metric-period-seconds must be one of 1, 2, 5, 10, 15, 20, 30, 60 (a divisor of 60)")
        }
        if !ResourceNames.isValidAccountID(accountId) { throw ValidationError("--account-id must be 12 digits") }
    }

    func run() async throws {
        let configuration = try FileHandleOutput.loadConfiguration(path: config, overrides: variables)
        var options = StackOptions()
        options.host = host
        options.adminPort = adminPort
        options.edgePort = edgePort
        options.primaryPort = primaryPort
        options.secondaryPort = secondaryPort
        options.outputsFile = outputsFile
        options.globalPort = globalPort
        options.healthCheckInterval = .milliseconds(Int((healthCheckInterval * 1000).rounded()))
        options.healthCheckFailureThreshold = healthCheckFailureThreshold
        options.pgwirePort = pgPort
        options.pgwirePrimaryPort = pgPrimaryPort
        options.pgwireSecondaryPort = pgSecondaryPort
        options.dsqlCredentials = [accessKeyId: secretAccessKey]
        options.ephemeral = ephemeral
        options.loops = loops
        options.configuration = configuration
        options.seed = seed
        options.accountID = accountId
        options.dataDirectory = dataDir
        options.logSync = LogSync(parsing: logSync) ?? .full
        options.observability = observability == "on"
        options.metricPeriodSeconds = metricPeriodSeconds
        // Before anything starts: a signal during start-up waits for the stack instead of killing it.
        let signals = SignalWaiter.install([SIGINT, SIGTERM])
        let runtime = StackRuntime()
        let endpoints: StackEndpoints
        do {
            endpoints = try await runtime.start(options)
        } catch {
            FileHandleOutput.stderr("regionstack: \(error)")
            throw ExitCode(1)
        }
        if let outputs = endpoints.outputs { print(outputs.terraformText()) }
        for (role, key) in endpoints.apiKeys.sorted(by: { $0.key < $1.key }) { print("api_key.\(role.rawValue) = \"\(key)\"") }
        print("regionstack: admin listening on \(endpoints.adminURL) (health: \(endpoints.healthURL))")
        if let outputsFile { print("regionstack: outputs written to \(outputsFile)") }
        fflush(nil)
        guard let signals else {
            while true { try? await Task.sleep(for: .seconds(3600)) }
        }
        let signal = await signals.wait()
        print("regionstack: signal \(signal), shutting down")
        fflush(nil)
        await runtime.stop()
    }
}

/// Writes lines to standard error or standard output, unbuffered.
enum FileHandleOutput {
    static func stderr(_ text: String) { line(text, fd: 2) }

    /// One line on stdout at once (unbuffered), for progress a pipe must see as it happens.
    static func stdout(_ text: String) { line(text, fd: 1) }

    private static func line(_ text: String, fd: Int32) {
        let line = Array((text + "\n").utf8)
        _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// The seed's variables from `--config` and `--var`; a configuration error is printed and
    /// exits 1 (it names the variable, the value and the rule).
    static func loadConfiguration(path: String?, overrides: [String]) throws -> StackConfiguration {
        do {
            return try StackConfiguration.load(path: path, overrides: overrides)
        } catch {
            stderr("regionstack: \(error)")
            throw ExitCode(1)
        }
    }
}

/// Catches some signals from the moment it is installed: a `sigaction` handler writes the
/// signal number to a pipe (async-signal-safe) and `wait` reads it on a dedicated thread.
///
/// It is installed before the stack starts, so a signal that arrives while the stack is still
/// starting (a supervisor's SIGTERM right after the outputs file appears) is kept for `wait`
/// instead of killing the process. It replaced dispatch signal sources, which on Linux lost
/// the first SIGTERM now and then.
struct SignalWaiter {
    /// The pipe's write end, for the handler (set before any handler is installed).
    nonisolated(unsafe) static var writeEnd: Int32 = -1
    let readEnd: Int32

    /// Installs the handlers for `signals`; nil when no pipe can be made (then the signals keep
    /// their default action).
    static func install(_ signals: [Int32]) -> SignalWaiter? {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return nil }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        writeEnd = fds[1]
        for number in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in
                var byte = UInt8(truncatingIfNeeded: signal)
                _ = write(SignalWaiter.writeEnd, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
        return SignalWaiter(readEnd: fds[0])
    }

    /// The first signal caught since `install`.
    func wait() async -> Int32 {
        let readEnd = self.readEnd
        return await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            let thread = Thread {
                var byte: UInt8 = 0
                while read(readEnd, &byte, 1) != 1 {}
                continuation.resume(returning: Int32(byte))
            }
            thread.name = "regionstack-signals"
            thread.start()
        }
    }
}
