import ArgumentParser
import Foundation
import HTTP
import RegionStack

/// How `regionstack status` and `regionstack chaos` find the running stack: `--admin URL`, or
/// else the outputs file `up` writes into its data directory (`admin_url`).
struct StackLocatorOptions: ParsableArguments {
    @Option(name: .customLong("admin"), help: "The running stack's admin URL (default: admin_url from <data-dir>/outputs.json).")
    var admin: String?

    @Option(help: "The data directory of the running stack (where `up` wrote outputs.json).")
    var dataDir: String = "./.regionstack/"

    /// The admin listener's host and port, or a one-line error.
    func locate() throws -> (host: String, port: Int, url: String) {
        if let admin {
            guard let (host, port) = SQLCommand.hostPort(admin) else {
                throw CommandFailure("--admin must look like http://HOST:PORT, got \(admin)")
            }
            return (host, port, admin)
        }
        let path = StackRuntime.dataDirectoryOutputsPath(dataDir)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("no running stack found: no --admin URL and no \(path) (start one with `regionstack up`, or pass --admin URL)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let url = object["admin_url"] as? String ?? (object["admin_url"] as? [String: Any])?["value"] as? String,
              let (host, port) = SQLCommand.hostPort(url)
        else { throw CommandFailure("\(path) has no admin_url; pass --admin URL") }
        return (host, port, url)
    }

    /// Sends one request to the admin API and returns the status and parsed JSON body.
    func send(_ method: String, _ path: String, body: [String: Any]? = nil) async throws -> (Int, [String: Any]) {
        let (host, port, url) = try locate()
        let bytes = try body.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.send(
                host: host, port: port, method: method, path: path,
                headers: bytes.isEmpty ? [] : [("Content-Type", "application/json")], body: bytes, timeout: .seconds(30))
        } catch {
            throw CommandFailure("cannot reach the stack at \(url) (is `regionstack up` running?): \(error)")
        }
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
        guard (200..<300).contains(response.status) else {
            throw CommandFailure("the stack answered \(response.status): \(object["message"] as? String ?? response.text)")
        }
        return (response.status, object)
    }
}

/// A command's failure: printed as one line on standard error, exit status 1, no usage text.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

extension AsyncParsableCommand {
    /// Runs `body`; a `CommandFailure` becomes one line on stderr and exit status 1.
    func reportingFailures(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as CommandFailure {
            FileHandleOutput.stderr("regionstack: \(failure.description)")
            throw ExitCode(1)
        }
    }
}
