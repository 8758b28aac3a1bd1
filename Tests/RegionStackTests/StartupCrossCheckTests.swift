import DSQL
import Foundation
import Glibc
import RegionStack
import RegionStorage
import Replication
import Testing

/// Issue 10, finding 3: the commit log files lost their last entries while the region SQLite
/// files kept them (a multi-entry torn tail). The stack must refuse to start, naming the
/// region, the indexes and the remedy, instead of serving on a log behind its applied state
/// (where new writes got 201 and then never appeared).
@Suite(.serialized) struct StartupCrossCheckTests {
    /// Builds a data directory with acknowledged writes, then cuts every node's log `cut`
    /// entries behind the region files, tearing the record after the cut. Returns the applied
    /// indexes of the regions and the index the logs now end at.
    static func directoryWithLogsCutBehindStores(cut: UInt64) async throws -> (String, [String: UInt64], UInt64) {
        let directory = storageTestDirectory("cut-log")
        let stack = try await DataDirectoryStack.boot(directory)
        for i in 0..<20 {
            let r = try await stack.createUser(i % 2 == 0 ? .primary : .secondary, email: "cut-\(i)@example.com")
            #expect(r.status == 201, "\(r.text)")
        }
        try await stack.converge()
        await stack.stop()

        var applied: [String: UInt64] = [:]
        for region in ["us-east-1", "us-east-2"] {
            let db = try await RegionDatabase.open(directory: "\(directory)/dsql/\(region)", name: region)
            applied[region] = db.appliedIndex
            await db.close()
        }
        let last = try #require(applied.values.min())
        let keep = last - cut
        for node in NodeID.allCases {
            let log = try LogInspection.inspect(directory: "\(directory)/dsql/log/\(node.region)")
            let end = try #require(log.entryEnds.last(where: { $0.index == keep }), "\(node.region) holds no entry \(keep)")
            // A torn tail: the log ends a few bytes into the record after the entry kept.
            #expect(truncate(log.path, off_t(end.offset + 7)) == 0)
            #expect(try LogInspection.inspect(directory: "\(directory)/dsql/log/\(node.region)").lastIndex == keep)
        }
        return (directory, applied, keep)
    }

    static func expectRefusal(_ text: String, applied: [String: UInt64], keep: UInt64) {
        #expect(text.contains("refusing to start"), "\(text)")
        for (region, index) in applied {
            #expect(text.contains("region \(region) has applied log index \(index)"), "\(text)")
        }
        #expect(text.contains("through index \(keep)"), "\(text)")
        #expect(text.contains("Remedy"), "\(text)")
    }

    @Test func stackRuntimeRefusesToStartOnALogBehindTheRegionStores() async throws {
        let (directory, applied, keep) = try await Self.directoryWithLogsCutBehindStores(cut: 5)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runtime = StackRuntime()
        do {
            _ = try await runtime.start(DataDirectoryStack.options(directory))
            // Today's code got here and served: show what that costs, then fail.
            await runtime.stop()
            Issue.record("the stack started on a log \(5) entries behind its region stores")
        } catch {
            Self.expectRefusal("\(error)", applied: applied, keep: keep)
        }
        // Nothing was changed by the refusal: the logs still end at the cut.
        for node in NodeID.allCases {
            #expect(try LogInspection.inspect(directory: "\(directory)/dsql/log/\(node.region)").lastIndex == keep)
        }
    }

    @Test func regionstackUpExitsWithTheMessage() async throws {
        let binary = try #require(StackProcess.binaryBesideTests(), "the regionstack binary was not built beside the tests")
        let (directory, applied, keep) = try await Self.directoryWithLogsCutBehindStores(cut: 3)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let stderrPath = directory + ".stderr"
        defer { unlink(stderrPath) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c", #"exec "$0" "$@" >/dev/null 2>"$STDERR_FILE""#, binary,
            "up", "--data-dir", directory, "--admin-port", "0", "--primary-port", "0", "--secondary-port", "0",
            "--edge-port", "0", "--loops", "1", "--pg-port", "0", "--pg-primary-port", "0", "--pg-secondary-port", "0",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["STDERR_FILE"] = stderrPath
        process.environment = environment
        try process.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            process.terminate()
            Issue.record("regionstack up kept running on a log behind its region stores")
            return
        }
        #expect(process.terminationStatus != 0)
        let text = StackHarness.readFile(stderrPath) ?? ""
        Self.expectRefusal(text, applied: applied, keep: keep)
    }
}
