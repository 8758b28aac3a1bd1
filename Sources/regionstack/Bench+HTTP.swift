import ArgumentParser
import Glibc
import HTTP
import RegionStack

/// `regionstack bench http`: wrk against the admin health endpoint, printing req/s and p99.
struct HTTPBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "Load the admin health endpoint with wrk and print requests/s and p99 latency.")

    @Option(help: "Target URL; by default an in-process stack is started on a free port.")
    var url: String?

    @Option(help: "wrk threads.") var threads = 2
    @Option(help: "wrk connections.") var connections = 64
    @Option(help: "Duration in seconds.") var duration = 10
    @Option(help: "Server event loops for the in-process stack (default: one per core).") var loops: Int?

    func run() async throws {
        guard system("command -v wrk >/dev/null 2>&1") == 0 else {
            print("wrk is not installed: install it (Debian: apt-get install -y wrk) or run wrk yourself.")
            throw ExitCode(2)
        }
        var runtime: StackRuntime? = nil
        var target = url
        if target == nil {
            var options = StackOptions()
            options.adminPort = 0
            options.ephemeral = true
            options.loops = loops
            options.adminOnly = true
            let stack = StackRuntime()
            target = try await stack.start(options).healthURL
            runtime = stack
        }
        let command = "wrk -t\(threads) -c\(connections) -d\(duration)s --latency \(target!) 2>&1"
        print("$ \(command)")
        let output = try await DedicatedThread.run { Self.capture(command) }
        await runtime?.stop()
        print(output)
        let summary = WrkSummary(output)
        print("requests_per_sec: \(summary.requestsPerSecond.map { String($0) } ?? "?")")
        print("latency_p99: \(summary.p99 ?? "?")")
        if summary.requestsPerSecond == nil { throw ExitCode(1) }
    }

    static func capture(_ command: String) -> String {
        guard let pipe = popen(command, "r") else { return "" }
        var output = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, pipe) }
            if n <= 0 { break }
            output.append(contentsOf: chunk[0..<n])
        }
        pclose(pipe)
        return String(decoding: output, as: UTF8.self)
    }
}

/// The figures parsed out of wrk's text output.
struct WrkSummary {
    var requestsPerSecond: Double?
    var p99: String?

    init(_ text: String) {
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.first == "Requests/sec:", fields.count > 1 { requestsPerSecond = Double(fields[1]) }
            if fields.first == "99%", fields.count > 1 { p99 = String(fields[1]) }
        }
    }
}
