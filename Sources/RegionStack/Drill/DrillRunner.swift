import Chaos
import Foundation
import Replication
import Synchronization

/// Runs a drill: boots a stack in-process (ephemeral, free ports, Route 53 health checks on),
/// runs the workload from both data regions while following the schedule, heals, reads both
/// regions and checks the invariants. The thin shell around `DrillSchedule`, `DrillWorkload`,
/// `DrillInvariants` and `DrillReport`, which decide everything.
public enum DrillRunner {
    /// Reads a fixture file.
    public static func load(_ path: String) throws -> DrillFixture {
        guard let data = FileManager.default.contents(atPath: path) else { throw DrillError("cannot read the drill fixture \(path)") }
        do throws(DrillFixtureError) {
            return try DrillFixture.parse(Array(data))
        } catch {
            throw DrillError("\(path): \(error.message)")
        }
    }

    /// Runs `fixture` and answers its report (also written to `reportPath`). A violated
    /// invariant is in the report (`passed` false), not thrown.
    public static func run(_ fixture: DrillFixture, _ options: DrillOptions) async throws -> DrillReport {
        let schedule = DrillSchedule(fixture, seed: options.seed, durationMs: options.durationMs)
        var stack = StackOptions.testing()
        stack.seed = options.seed
        stack.healthCheckInterval = .milliseconds(fixture.healthCheckIntervalMs)
        stack.configuration = try StackConfiguration.load(
            path: nil,
            overrides: ["api_gateway_throttle_rate_limit=1000000", "api_gateway_throttle_burst_limit=1000000",
                        "create_route53_health_checks=true"] + options.variables)
        let runtime = StackRuntime()
        let endpoints = try await runtime.start(stack)
        do {
            guard let cluster = runtime.assembly?.dsql, let names = runtime.chaos.map({ c in
                RegionNames(primary: c.regions[0].name, secondary: c.regions[1].name, witness: c.regions[2].name)
            }) else { throw DrillError("the drill's stack started without its own DSQL cluster") }
            let run = DrillRun(
                runtime: runtime, cluster: cluster, names: names, schedule: schedule, mix: fixture.workload,
                ports: [.primary: endpoints.regionPorts[.primary] ?? 0, .secondary: endpoints.regionPorts[.secondary] ?? 0],
                log: options.log)
            let report = try await run.execute(sabotage: options.sabotage)
            await runtime.stop()
            if let path = options.reportPath { try write(report.json, to: path) }
            return report
        } catch {
            await runtime.stop()
            throw error
        }
    }

    /// `body`'s result, or nil when it takes longer than `limit` (it then goes on unawaited):
    /// bounds the steps that wait on the stack, and lets tests bound a whole drill.
    public static func within<T: Sendable>(
        _ limit: Duration, _ body: @escaping @Sendable () async throws -> T
    ) async -> Result<T, any Error>? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, any Error>?, Never>) in
            let once = ResumeOnce(continuation)
            let timer = Task {
                try? await Task.sleep(for: limit)
                if !Task.isCancelled { once.resume(nil) }
            }
            Task {
                let result: Result<T, any Error>
                do { result = .success(try await body()) } catch { result = .failure(error) }
                once.resume(result)
                timer.cancel()
            }
        }
    }

    static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
    }
}

/// A continuation the first of several racers resumes; the others find it taken.
final class ResumeOnce<T: Sendable>: Sendable {
    private let slot: Mutex<CheckedContinuation<T, Never>?>
    init(_ continuation: CheckedContinuation<T, Never>) { slot = Mutex(continuation) }
    func resume(_ value: T) { slot.withLock { $0.take() }?.resume(returning: value) }
}
