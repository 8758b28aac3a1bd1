import ArgumentParser
import Dispatch
import Glibc
import RegionStack

/// `regionstack up`: start the stack and serve until Ctrl-C or SIGTERM.
struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the stack (the default).",
        discussion: """
            Serves the admin listener (GET /_regionstack/health). --edge-port, --primary-port and
            --secondary-port are accepted now but nothing listens on them yet: the regional APIs are
            served once the API Gateway issue lands. Ctrl-C or SIGTERM shuts down gracefully.
            """)

    @Option(help: "Address to bind.")
    var host: String = "127.0.0.1"

    @Option(help: "Admin listener port (0 picks a free port).")
    var adminPort: Int = StackOptions.defaultAdminPort

    @Option(help: "Global failover endpoint port (accepted; served once the API Gateway lands).")
    var edgePort: Int?

    @Option(help: "Primary region API port (accepted; served once the API Gateway lands).")
    var primaryPort: Int?

    @Option(help: "Secondary region API port (accepted; served once the API Gateway lands).")
    var secondaryPort: Int?

    @Option(help: "Write a JSON document with every URL the stack serves, once all listeners are up.")
    var outputsFile: String?

    @Flag(help: "Keep no state on disk.")
    var ephemeral = false

    @Option(help: "Event-loop threads per listener (default: one per core).")
    var loops: Int?

    func validate() throws {
        for (name, port) in [("admin-port", adminPort), ("edge-port", edgePort ?? 0),
                             ("primary-port", primaryPort ?? 0), ("secondary-port", secondaryPort ?? 0)]
        where !(0...65535).contains(port) {
            throw ValidationError("--\(name) must be between 0 and 65535")
        }
        if let loops, loops < 1 { throw ValidationError("--loops must be at least 1") }
    }

    func run() async throws {
        var options = StackOptions()
        options.host = host
        options.adminPort = adminPort
        options.edgePort = edgePort
        options.primaryPort = primaryPort
        options.secondaryPort = secondaryPort
        options.outputsFile = outputsFile
        options.ephemeral = ephemeral
        options.loops = loops
        let runtime = StackRuntime()
        let endpoints = try await runtime.start(options)
        print("regionstack: admin listening on \(endpoints.adminURL) (health: \(endpoints.healthURL))")
        if edgePort != nil || primaryPort != nil || secondaryPort != nil {
            print("regionstack: edge/primary/secondary ports are not served yet (API Gateway pending)")
        }
        if let outputsFile { print("regionstack: outputs written to \(outputsFile)") }
        fflush(nil)
        let signal = await SignalWaiter.wait(for: [SIGINT, SIGTERM])
        print("regionstack: signal \(signal), shutting down")
        fflush(nil)
        await runtime.stop()
    }
}

/// Waits for the first of some signals using dispatch signal sources (the default handlers are
/// replaced by SIG_IGN so the sources, not the kernel default, see them).
enum SignalWaiter {
    static func wait(for signals: [Int32]) async -> Int32 {
        await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            let queue = DispatchQueue(label: "regionstack.signals")
            let state = SignalState(continuation)
            for number in signals {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { state.fire(number) }
                source.resume()
                state.sources.append(source)
            }
        }
    }

    /// Resumes the continuation once; confined to the signal queue.
    final class SignalState: @unchecked Sendable {
        var continuation: CheckedContinuation<Int32, Never>?
        var sources: [any DispatchSourceSignal] = []
        init(_ continuation: CheckedContinuation<Int32, Never>) { self.continuation = continuation }
        func fire(_ number: Int32) {
            continuation?.resume(returning: number)
            continuation = nil
        }
    }
}
