import Determinism
import DSQL
import Foundation
import Glibc
import HTTP
import RegionStorage
import Replication
import Synchronization
import Testing

/// SIGKILL the real `regionstack` process at random points under write load, then restart it.
///
/// Writers POST users to both regions' APIs; a 201 is an acknowledged commit. After every kill
/// the process restarts from its data directory; at the end every acknowledged user must be in
/// both regions, the regions must hold the same rows, and `PRAGMA integrity_check` must pass on
/// both SQLite files. Kill points come from a seeded generator (RS_CRASH_SEED replays a run;
/// RS_CRASH_ROUNDS changes the count, 20 by default). It runs once per commit-log sync setting:
/// `normal` (no fsync) must survive a process crash just as `full` does, since the kernel keeps
/// what the process wrote.
@Suite(.serialized) struct CrashRecoveryTests {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    @Test(arguments: LogSync.allCases) func sigkillUnderWriteLoadLosesNoAcknowledgedCommit(sync: LogSync) async throws {
        let seed = UInt64(Self.environment["RS_CRASH_SEED"] ?? "") ?? 20_261_124
        let rounds = Int(Self.environment["RS_CRASH_ROUNDS"] ?? "") ?? 20
        let binary = try #require(StackProcess.binaryBesideTests(), "the regionstack binary was not built beside the tests")
        let directory = NSTemporaryDirectory() + "regionstack-crash-\(getpid())-\(sync.rawValue)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var rng = SeededGenerator(seed: seed)
        let acknowledged = CrashLedger()

        for round in 0..<rounds {
            let stack = try await StackProcess.start(binary: binary, dataDirectory: directory, extraArguments: ["--log-sync", sync.rawValue])
            let killAfter = Duration.milliseconds(Int.random(in: 30...400, using: &rng))
            let stop = CrashLedger()
            let writers = Task {
                await withTaskGroup(of: Void.self) { group in
                    for writer in 0..<4 {
                        let port = writer % 2 == 0 ? stack.primaryPort : stack.secondaryPort
                        group.addTask {
                            try? await DedicatedThread.run {
                                Self.write(port: port, prefix: "crash-r\(round)-w\(writer)", stop: stop, acknowledged: acknowledged)
                            }
                        }
                    }
                }
            }
            try await Task.sleep(for: killAfter)
            await stack.kill(signal: SIGKILL)
            stop.raise()
            await writers.value
        }

        // Restart once more, let both regions catch up, and read what each holds.
        let stack = try await StackProcess.start(binary: binary, dataDirectory: directory, extraArguments: ["--log-sync", sync.rawValue])
        let acked = acknowledged.emails
        var held: [String: Set<String>] = [:]
        for region in ["us-east-1", "us-east-2"] {
            var rows: Set<String> = []
            // The other region may still be applying the log's tail after the restart.
            for _ in 0..<200 {
                rows = try await stack.emails(region: region)
                if acked.isSubset(of: rows) { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            held[region] = rows
        }
        await stack.kill(signal: SIGTERM)

        #expect(acked.count > 0, "seed \(seed): no write was acknowledged, so the test proved nothing")
        for (region, rows) in held.sorted(by: { $0.key < $1.key }) {
            let lost = acked.subtracting(rows)
            #expect(lost.isEmpty, "seed \(seed): \(region) lost \(lost.count) acknowledged commits, e.g. \(lost.sorted().prefix(3))")
        }
        #expect(held["us-east-1"] == held["us-east-2"], "seed \(seed): the regions hold different rows")

        for region in ["us-east-1", "us-east-2"] {
            let db = try await RegionDatabase.open(directory: "\(directory)/dsql/\(region)", name: region)
            let check = try await db.integrityCheck()
            await db.close()
            #expect(check == ["ok"], "seed \(seed): integrity_check in \(region): \(check)")
        }
        print("crash test (log sync \(sync)): seed \(seed), \(rounds) SIGKILLs, \(acked.count) acknowledged commits, none lost")
    }

    /// POSTs users on one keep-alive connection until `stop` or the process dies; records 201s.
    static func write(port: Int, prefix: String, stop: CrashLedger, acknowledged: CrashLedger) {
        var i = 0
        while !stop.raised {
            guard let connection = try? HTTPClientConnection(port: port, timeout: .seconds(5)) else { return }
            while !stop.raised {
                i += 1
                let email = "\(prefix)-\(i)@example.com"
                let body = Array(#"{"name":"Crash Test","email":"\#(email)"}"#.utf8)
                guard let response = try? connection.request(
                    method: "POST", path: "/prod/users", port: port,
                    headers: [("Content-Type", "application/json")], body: body, timeout: .seconds(10))
                else { break }
                if response.status == 201 { acknowledged.record(email) }
            }
        }
    }
}

/// Shared state of the crash test's writers: a stop flag, and the acknowledged emails.
final class CrashLedger: Sendable {
    private let state = Mutex((raised: false, emails: Set<String>()))
    var raised: Bool { state.withLock { $0.raised } }
    var emails: Set<String> { state.withLock { $0.emails } }
    func raise() { state.withLock { $0.raised = true } }
    func record(_ email: String) { _ = state.withLock { $0.emails.insert(email) } }
}
