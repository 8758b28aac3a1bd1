import Foundation
import Glibc
import RegionStack
import Testing

/// Boots the stack on free ports and runs the client scripts in `Scripts/` against its
/// PostgreSQL wire endpoints.
///
/// The scripts use the clients users have (psql, psycopg 3, psycopg2, asyncpg, pg8000, AWS's
/// DSQL connector); a missing one fails the test with how to install it, never a skip.
struct WireClientFixture {
    let runtime: StackRuntime
    let endpoints: StackEndpoints
    let stackFile: String

    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts").path

    static let installHint = """
        the PostgreSQL client tests need python3 with psycopg[binary], psycopg2-binary, asyncpg, pg8000, \
        aurora-dsql-python-connector, psycopg-pool and boto3, and psql (Debian's postgresql-client): \
        `bash .ci/run` installs them, or `pip install 'psycopg[binary]' psycopg2-binary asyncpg pg8000 \
        aurora-dsql-python-connector psycopg-pool boto3` and `apt-get install postgresql-client`
        """

    static func start(_ options: StackOptions = .testing()) async throws -> WireClientFixture {
        let runtime = StackRuntime()
        let endpoints = try await runtime.start(options)
        guard let pg = endpoints.pgwire else { throw FixtureError("the stack started no PostgreSQL endpoints") }
        var stack: [String: Any] = [:]
        for role in [StackRegionRole.primary, .secondary] {
            stack[role.rawValue] = [
                "host": pg.host, "port": pg.regionPorts[role]!, "shared_port": pg.sharedPort,
                "endpoint": pg.hostnames[role]!, "region": pg.regions[role]!, "ca": pg.caPath,
            ]
        }
        let file = NSTemporaryDirectory() + "/pgwire-stack-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).json"
        try JSONSerialization.data(withJSONObject: stack).write(to: URL(fileURLWithPath: file))
        return WireClientFixture(runtime: runtime, endpoints: endpoints, stackFile: file)
    }

    func stop() async {
        unlink(stackFile)
        await runtime.stop()
    }

    /// Runs `Scripts/<name>` with the stack file; records the script's output on failure.
    func run(_ name: String, timeout: Duration = .seconds(120)) async throws {
        try await Self.checkClients()
        let (status, output) = try await Self.shell(
            "cd \"\(Self.scripts)\" && exec python3 -u \(name) \"\(stackFile)\"", timeout: timeout)
        #expect(status == 0, "\(name) failed (exit \(status)):\n\(output)")
    }

    /// Fails with the install hint when a client is missing.
    static func checkClients() async throws {
        let (status, output) = try await shell(
            "python3 -c 'import psycopg, psycopg2, asyncpg, pg8000, boto3, psycopg_pool, aurora_dsql_psycopg' && psql --version",
            timeout: .seconds(30))
        if status != 0 { throw FixtureError("\(installHint)\n\(output)") }
    }

    /// Runs a shell command with output captured in a file (no pipes or FileHandles handed to
    /// Foundation: see StackProcess); polls for the exit without blocking a cooperative thread.
    static func shell(_ command: String, timeout: Duration) async throws -> (Int32, String) {
        let out = NSTemporaryDirectory() + "/pgwire-out-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).txt"
        defer { unlink(out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "(\(command)) >\"\(out)\" 2>&1"]
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                try await Task.sleep(for: .milliseconds(200))
                let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
                return (-1, "timed out after \(timeout)\n" + text)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        return (process.terminationStatus, text)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
