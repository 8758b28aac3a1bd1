import ArgumentParser
import Foundation
import Glibc
import HTTP
import RegionStack

/// `regionstack bench observability`: `POST /users` throughput with metrics and alarms on and
/// off, in alternating runs of a fresh in-process stack each, and the whole stack's idle RSS.
///
/// Paired A/B on the same machine, so slow phases of a shared box hit both sides alike: each
/// round starts a stack (ephemeral, free ports, the stage throttle raised), loads the primary's
/// `POST /prod/users` with wrk and `fixtures/bench/post-users.lua`, and stops it; on and off
/// alternate, and the order flips every round. It prints every run, the means, medians and the
/// difference.
struct BenchObservability: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "observability",
        abstract: "POST /users req/s with observability on vs off (alternating runs), and idle RSS of the whole stack.")

    @Option(help: "Runs per side.") var rounds = 5
    @Option(help: "Seconds per run.") var duration = 5
    @Option(help: "wrk threads.") var threads = 2
    @Option(help: "wrk connections.") var connections = 32
    @Option(help: "The wrk script.") var script = "fixtures/bench/post-users.lua"
    @Option(help: "Seconds to let a fresh stack settle before measuring its idle RSS.") var idleSeconds = 5

    func run() async throws {
        guard system("command -v wrk >/dev/null 2>&1") == 0 else {
            print("wrk is not installed: install it (Debian: apt-get install -y wrk).")
            throw ExitCode(2)
        }
        guard FileManager.default.fileExists(atPath: script) else {
            print("no \(script): run from the repository root or pass --script")
            throw ExitCode(2)
        }
        var on: [Double] = []
        var off: [Double] = []
        for round in 0..<rounds {
            for observed in round % 2 == 0 ? [true, false] : [false, true] {
                let rate = try await measure(observability: observed)
                print("round \(round + 1) observability \(observed ? "on " : "off"): \(String(format: "%.0f", rate)) req/s")
                if observed { on.append(rate) } else { off.append(rate) }
            }
        }
        func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(max(1, v.count)) }
        func median(_ v: [Double]) -> Double {
            let s = v.sorted()
            return s.isEmpty ? 0 : s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        print(String(format: "on:  mean %.0f, median %.0f req/s (%d runs)", mean(on), median(on), on.count))
        print(String(format: "off: mean %.0f, median %.0f req/s (%d runs)", mean(off), median(off), off.count))
        print(String(format: "difference (on vs off): mean %+.1f %%, median %+.1f %%",
                     (mean(on) / mean(off) - 1) * 100, (median(on) / median(off) - 1) * 100))
        for observed in [true, false] {
            let rss = try await idleRSS(observability: observed)
            print("idle RSS, `up --ephemeral --observability \(observed ? "on" : "off")` after \(idleSeconds) s: " + String(format: "%.1f MB", rss))
        }
    }

    func options(observability: Bool) throws -> StackOptions {
        var options = StackOptions.testing()
        options.loops = nil
        options.observability = observability
        options.configuration = try StackConfiguration.load(
            path: nil, overrides: ["api_gateway_throttle_rate_limit=1000000", "api_gateway_throttle_burst_limit=1000000"])
        return options
    }

    func measure(observability: Bool) async throws -> Double {
        let runtime = StackRuntime()
        let endpoints = try await runtime.start(options(observability: observability))
        let url = "http://127.0.0.1:\(endpoints.regionPorts[.primary]!)/prod/users"
        let command = "wrk -t\(threads) -c\(connections) -d\(duration)s -s \(script) \(url) 2>&1"
        let output = try await DedicatedThread.run { HTTPBench.capture(command) }
        await runtime.stop()
        guard let rate = WrkSummary(output).requestsPerSecond else {
            print(output)
            throw ExitCode(1)
        }
        return rate
    }

    /// VmRSS of a fresh `regionstack up --ephemeral` child process after `idleSeconds`.
    func idleRSS(observability: Bool) async throws -> Double {
        let binary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let outputs = "/tmp/regionstack-bench-rss-\(getpid()).json"
        unlink(outputs)
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sh")
        child.arguments = [
            "-c", #"exec "$0" "$@" >/dev/null 2>&1 </dev/null"#, binary, "up", "--ephemeral", "--outputs-file", outputs,
            "--admin-port", "0", "--primary-port", "0", "--secondary-port", "0", "--edge-port", "0", "--global-port", "0",
            "--pg-port", "0", "--pg-primary-port", "0", "--pg-secondary-port", "0", "--observability", observability ? "on" : "off",
        ]
        try child.run()
        defer {
            kill(child.processIdentifier, SIGTERM)
            child.waitUntilExit()
            unlink(outputs)
        }
        let deadline = ContinuousClock.now + .seconds(120)
        while !FileManager.default.fileExists(atPath: outputs) {
            guard ContinuousClock.now < deadline, child.isRunning else { throw ExitCode(1) }
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .seconds(idleSeconds))
        let status = (try? String(contentsOfFile: "/proc/\(child.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        let kb = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0") ?? 0
        return kb / 1024
    }
}
