import Foundation
import Glibc
import HTTP
import Testing

/// A `regionstack up` child process on free ports, for tests that kill and restart the real thing.
struct StackProcess {
    let process: Process
    let adminPort: Int
    let primaryPort: Int
    let secondaryPort: Int

    /// The `regionstack` executable that `swift build --build-tests` puts beside the test bundle.
    static func binaryBesideTests() -> String? {
        guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        var dir = (exe as NSString).deletingLastPathComponent
        // The test binary lives inside RegionStackPackageTests.xctest on Linux builds.
        if dir.hasSuffix(".xctest") { dir = (dir as NSString).deletingLastPathComponent }
        let candidate = dir + "/regionstack"
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }

    /// Starts the stack on free ports and waits (bounded) until its outputs file says it serves.
    static func start(binary: String, dataDirectory: String, extraArguments: [String] = []) async throws -> StackProcess {
        let outputs = dataDirectory + ".outputs.json"
        unlink(outputs)
        let process = Process()
        // The child silences itself (`exec` keeps the pid, so signals reach regionstack). Handing
        // Foundation a FileHandle such as `.nullDevice` instead makes it close that descriptor
        // number again on a later spawn, after the number was reused by a live socket elsewhere in
        // this process (seen as EBADF in a parallel socket test).
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c", #"exec "$0" "$@" >/dev/null 2>&1"#, binary,
            "up", "--data-dir", dataDirectory, "--outputs-file", outputs, "--admin-port", "0", "--primary-port", "0",
            "--secondary-port", "0", "--edge-port", "0", "--global-port", "0", "--loops", "1",
            "--pg-port", "0", "--pg-primary-port", "0", "--pg-secondary-port", "0",
        ] + extraArguments
        try process.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            // The outputs file has terraform output -json's shape: {"name": {"value": ...}}.
            if let data = FileManager.default.contents(atPath: outputs),
                let json = try? JSONSerialization.jsonObject(with: data) as? [String: [String: Any]],
                let admin = json["admin_url"]?["value"] as? String,
                let apis = json["api_gateway_endpoints"]?["value"] as? [String: [String: Any]],
                let primary = apis["primary"]?["endpoint_url"] as? String,
                let secondary = apis["secondary"]?["endpoint_url"] as? String
            {
                return StackProcess(
                    process: process, adminPort: port(admin), primaryPort: port(primary), secondaryPort: port(secondary))
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        process.terminate()
        throw StackProcessError.didNotStart(status: process.isRunning ? nil : process.terminationStatus)
    }

    /// Sends `signal` and waits for the process to exit.
    func kill(signal: Int32) async {
        Glibc.kill(process.processIdentifier, signal)
        let process = self.process
        _ = try? await DedicatedThread.run { process.waitUntilExit() }
    }

    /// The crash-test users a region holds, read through the admin SQL console.
    func emails(region: String) async throws -> Set<String> {
        let body = #"{"region":"\#(region)","statements":[{"sql":"SELECT email FROM users WHERE email LIKE 'crash-%'"}]}"#
        let response = try await HTTPClient.send(
            port: adminPort, method: "POST", path: "/_regionstack/sql", body: Array(body.utf8), timeout: .seconds(30))
        let json = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        let result = (json?["results"] as? [[String: Any]])?.first
        guard let rows = result?["rows"] as? [[String]] else { throw StackProcessError.badAnswer(response.text) }
        return Set(rows.compactMap(\.first))
    }

    private static func port(_ url: String) -> Int {
        let hostPort = url.dropFirst("http://".count).prefix { $0 != "/" }
        return Int(hostPort.split(separator: ":").last ?? "") ?? 0
    }
}

enum StackProcessError: Error {
    case didNotStart(status: Int32?)
    case badAnswer(String)
}
