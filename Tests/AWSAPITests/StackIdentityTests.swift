import Foundation
import Glibc
import RegionStack
import Testing

/// A stack on a data directory keeps its identity across restarts, and holds the directory
/// while it runs: a second stack and `destroy` are refused at once, naming the holder.
@Suite(.serialized) struct StackIdentityTests {
    static func temporaryDirectory() -> String {
        "/tmp/regionstack-identity-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    struct Identity: Equatable {
        var names: ResourceNames
        var apiKeys: [String]
        var deploymentIDs: [String]
        var usagePlanIDs: [String]
    }

    static func identity(_ stack: EdgeStack) throws -> Identity {
        let assembly = try #require(stack.runtime.assembly)
        return Identity(
            names: assembly.names,
            apiKeys: assembly.regions.compactMap { $0.apiKey.map { "\($0.id)=\($0.value)" } },
            deploymentIDs: assembly.regions.map { $0.gateway.api.stages[0].deploymentID },
            usagePlanIDs: assembly.regions.flatMap { $0.gateway.usagePlanLedger.plans.map(\.id) })
    }

    @Test func restartWithoutSeedKeepsEveryIdAndKey() async throws {
        let directory = Self.temporaryDirectory()
        defer { _ = StackDestroyer.remove(directory) }
        let vars = ["enable_api_key_required=true"]
        let first = try await EdgeStack.boot(vars: vars, dataDirectory: directory)
        let before = try Self.identity(first)
        await first.stop()
        let second = try await EdgeStack.boot(vars: vars, dataDirectory: directory)
        let after = try Self.identity(second)
        await second.stop()
        #expect(before == after)
        #expect(before.apiKeys.count == 2)
        // An ephemeral stack draws new ones.
        var options = StackOptions.testing()
        options.seed = nil
        let ephemeral = StackRuntime()
        _ = try await ephemeral.start(options)
        let other = try #require(ephemeral.assembly).names
        await ephemeral.stop()
        #expect(other.primary.apiID != before.names.primary.apiID)
    }

    @Test func secondStackOnTheSameDirectoryIsRefusedAtOnceAndDestroyRefuses() async throws {
        let directory = Self.temporaryDirectory()
        defer { _ = StackDestroyer.remove(directory) }
        let running = try await EdgeStack.boot(dataDirectory: directory)
        let started = ContinuousClock.now
        do {
            let second = try await EdgeStack.boot(dataDirectory: directory)
            await second.stop()
            Issue.record("a second stack started on a locked directory")
        } catch let error as StackError {
            #expect(error == .dataDirectoryInUse(path: directory, pid: getpid()))
            #expect("\(error)".contains("pid \(getpid())"))
        }
        #expect(ContinuousClock.now - started < .seconds(5), "refused at once, not after SQLite busy timeouts")
        var configuration = StackConfiguration.defaults
        configuration = try StackConfiguration.load(path: nil, overrides: ["enable_deletion_protection=false"])
        let refused = StackDestroyer.destroy(dataDirectory: directory, configuration: configuration)
        guard case .refused(let message) = refused else {
            Issue.record("destroy did not refuse: \(refused)")
            await running.stop()
            return
        }
        #expect(message.contains("pid \(getpid())"))
        #expect(FileManager.default.fileExists(atPath: directory + "/stack-seed"))
        await running.stop()
        #expect(StackDestroyer.destroy(dataDirectory: directory, configuration: configuration) == .deleted(directory))
    }
}

/// The same with the real `regionstack` processes: the second `up` exits at once naming the
/// first one's pid; `destroy` refuses while it runs and deletes once it stopped.
@Suite(.serialized) struct DataDirectoryLockProcessTests {
    @Test func secondUpAndDestroyAreRefusedWhileAStackRuns() async throws {
        let binary = try #require(ClientProcess.regionstackBinary(), "build with swift build --build-tests first")
        let directory = StackIdentityTests.temporaryDirectory()
        defer { _ = StackDestroyer.remove(directory) }
        let first = try await ClientProcess.startStack(
            binary: binary, arguments: ["--data-dir", directory], outputs: directory + ".outputs.json")
        defer { unlink(directory + ".outputs.json") }
        let started = ContinuousClock.now
        let second = try await ClientProcess.run(
            [binary, "up", "--data-dir", directory, "--admin-port", "0", "--primary-port", "0", "--secondary-port", "0", "--edge-port", "0"],
            timeout: .seconds(20))
        let elapsed = ContinuousClock.now - started
        let destroy = try await ClientProcess.run(
            [binary, "destroy", "--data-dir", directory, "--var", "enable_deletion_protection=false"], timeout: .seconds(20))
        await ClientProcess.stopStack(first)
        #expect(second.status != 0)
        #expect(second.output.contains("in use by another regionstack (pid \(first.processIdentifier))"), "\(second.output)")
        #expect(elapsed < .seconds(15), "refused by the lock (the message names the pid), not after busy timeouts")
        #expect(destroy.status == 1 && destroy.output.contains("pid \(first.processIdentifier)"), "\(destroy.output)")
        #expect(FileManager.default.fileExists(atPath: directory + "/stack-seed"), "the data survived the refused destroy")
        let after = try await ClientProcess.run(
            [binary, "destroy", "--data-dir", directory, "--var", "enable_deletion_protection=false"], timeout: .seconds(20))
        #expect(after.status == 0 && !FileManager.default.fileExists(atPath: directory), "\(after.output)")
    }
}
