import Foundation
import Glibc
import Testing

/// One SIGTERM or SIGINT stops the real `regionstack up` gracefully (exit status 0). Dispatch
/// signal sources, used before, lost the first signal now and then on Linux.
@Suite(.serialized) struct SignalShutdownTests {
    @Test(arguments: [SIGTERM, SIGINT])
    func oneSignalShutsTheStackDownGracefully(signal: Int32) async throws {
        let binary = try #require(StackProcess.binaryBesideTests(), "the regionstack binary was not built beside the tests")
        let directory = NSTemporaryDirectory() + "regionstack-signal-\(getpid())-\(signal)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for round in 0..<3 {
            let stack = try await StackProcess.start(binary: binary, dataDirectory: directory)
            Glibc.kill(stack.process.processIdentifier, signal)
            // Bounded: a lost signal would otherwise hang the test.
            for _ in 0..<300 where stack.process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
            let stopped = !stack.process.isRunning
            if !stopped { Glibc.kill(stack.process.processIdentifier, SIGKILL) }
            #expect(stopped, "round \(round): signal \(signal) was not acted on within 15 s")
            if stopped {
                #expect(stack.process.terminationReason == .exit && stack.process.terminationStatus == 0,
                        "round \(round): exit \(stack.process.terminationStatus), reason \(stack.process.terminationReason.rawValue)")
            }
        }
    }
}
