import Foundation
import Glibc
import HTTP
import RegionStack
import Testing

/// Runs a client program (python3 with boto3, the aws CLI, terraform) to completion on its own
/// thread, bounded in time, and returns its exit status and output.
enum ClientProcess {
    struct Outcome: Sendable {
        var status: Int32
        var output: String
    }

    /// Runs `arguments[0]` (found on PATH) with the rest as arguments; stdout and stderr merged.
    static func run(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil, timeout: Duration = .seconds(300))
        async throws -> Outcome
    {
        let log = "/tmp/regionstack-client-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The shell redirects, so Foundation never owns a descriptor of ours (see StackProcess).
        process.arguments = ["-c", #"exec "$@" >"$0" 2>&1 </dev/null"#, log] + arguments
        var env = ProcessInfo.processInfo.environment
        env["AWS_ACCESS_KEY_ID"] = "test"
        env["AWS_SECRET_ACCESS_KEY"] = "test"
        env["AWS_DEFAULT_REGION"] = "us-east-1"
        env["AWS_EC2_METADATA_DISABLED"] = "true"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        try process.run()
        let pid = process.processIdentifier
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                kill(pid, SIGKILL)
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.waitUntilExit()
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        unlink(log)
        return Outcome(status: process.terminationStatus, output: output)
    }

    /// Fails the test with how to install the client when `python3 -c "import <module>"` fails.
    static func requirePython(_ modules: [String]) async throws {
        let check = try await run(["python3", "-c", "import " + modules.joined(separator: ", ")])
        if check.status != 0 {
            Issue.record("python3 with \(modules.joined(separator: ", ")) is needed: pip install awscli boto3 (bash .ci/run installs them)\n\(check.output)")
            throw ClientMissing()
        }
    }

    struct ClientMissing: Error {}

    /// This file's directory's `Clients/` folder.
    static func clientsDirectory(file: String = #filePath) -> String {
        (file as NSString).deletingLastPathComponent + "/Clients"
    }
}

/// A stack booted in-process on free ports (its own DSQL cluster, ephemeral) with its outputs file.
struct EdgeStack {
    let runtime: StackRuntime
    let endpoints: StackEndpoints
    let outputsPath: String

    static func boot(vars: [String] = [], dataDirectory: String? = nil) async throws -> EdgeStack {
        var options = StackOptions.testing()
        options.configuration = try StackConfiguration.load(path: nil, overrides: vars)
        let path = "/tmp/regionstack-aws-outputs-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).json"
        options.outputsFile = path
        if let dataDirectory {
            options.ephemeral = false
            options.dataDirectory = dataDirectory
            options.seed = nil
        }
        let runtime = StackRuntime()
        let endpoints = try await runtime.start(options)
        return EdgeStack(runtime: runtime, endpoints: endpoints, outputsPath: path)
    }

    var edgeURL: String { "http://127.0.0.1:\(endpoints.edgePort ?? 0)" }

    func stop() async {
        await runtime.stop()
        unlink(outputsPath)
    }
}

extension ClientProcess {
    /// The `regionstack` executable that `swift build --build-tests` puts beside the test bundle.
    static func regionstackBinary() -> String? {
        guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        var dir = (exe as NSString).deletingLastPathComponent
        if dir.hasSuffix(".xctest") { dir = (dir as NSString).deletingLastPathComponent }
        let candidate = dir + "/regionstack"
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }

    /// Starts `regionstack up` on free ports in the background; returns once its outputs file exists.
    static func startStack(binary: String, arguments: [String], outputs: String) async throws -> Process {
        unlink(outputs)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments =
            [
                "-c", #"exec "$0" "$@" >/dev/null 2>&1 </dev/null"#, binary, "up", "--outputs-file", outputs, "--admin-port", "0",
                "--primary-port", "0", "--secondary-port", "0", "--edge-port", "0", "--loops", "1",
            ] + arguments
        try process.run()
        // Generous: a loaded 2-core box can take tens of seconds to start a process.
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline, process.isRunning {
            if FileManager.default.fileExists(atPath: outputs) { return process }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.terminate()
        throw StackDidNotStart()
    }

    struct StackDidNotStart: Error {}

    /// SIGTERM and wait (bounded).
    static func stopStack(_ process: Process) async {
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(15)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
