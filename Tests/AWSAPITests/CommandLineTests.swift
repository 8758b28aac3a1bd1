import Foundation
import RegionStack
import Testing

/// Rough edges of the command line, tried as a new user would.
@Suite struct CommandLineTests {
    func binary() throws -> String {
        try #require(ClientProcess.regionstackBinary(), "build with swift build --build-tests first")
    }

    @Test func versionPrintsOneLine() async throws {
        let outcome = try await ClientProcess.run([try binary(), "--version"], timeout: .seconds(20))
        #expect(outcome.status == 0)
        #expect(outcome.output.hasPrefix("regionstack "), "\(outcome.output)")
    }

    @Test func unknownCommandIsAnErrorNotUpsUsage() async throws {
        let outcome = try await ClientProcess.run([try binary(), "deploy"], timeout: .seconds(20))
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("unknown command 'deploy'"), "\(outcome.output)")
        #expect(!outcome.output.contains("--primary-port"), "not up's usage")
    }

    @Test func sqlAgainstNoStackSaysSoInOneLine() async throws {
        let outcome = try await ClientProcess.run(
            [try binary(), "sql", "--admin-url", "http://127.0.0.1:1", "SELECT 1"], timeout: .seconds(30))
        #expect(outcome.status == 1, "\(outcome.output)")
        let lines = outcome.output.split(separator: "\n")
        #expect(lines.count == 1 && outcome.output.contains("cannot reach the stack"), "\(outcome.output)")
    }

    @Test func sqlAddressesAClusterByEndpoint() async throws {
        let stack = try await EdgeStack.boot()
        let names = try #require(stack.endpoints.outputs?.names)
        let outcome = try await ClientProcess.run(
            [try binary(), "sql", "--admin-url", stack.endpoints.adminURL, "--cluster", names.secondary.clusterEndpoint,
             "SELECT 41 + 1 AS answer"], timeout: .seconds(60))
        let unknown = try await ClientProcess.run(
            [try binary(), "sql", "--admin-url", stack.endpoints.adminURL, "--cluster", "nosuchcluster", "SELECT 1"],
            timeout: .seconds(60))
        await stack.stop()
        #expect(outcome.status == 0 && outcome.output.contains("42"), "\(outcome.output)")
        #expect(unknown.status == 1 && unknown.output.contains("no active cluster nosuchcluster"), "\(unknown.output)")
    }

    @Test func missingConfigFileIsAClearMessage() async throws {
        let outcome = try await ClientProcess.run(
            [try binary(), "up", "--config", "/nonexistent/terraform.tfvars", "--ephemeral"], timeout: .seconds(20))
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("/nonexistent/terraform.tfvars: no such file"), "\(outcome.output)")
        #expect(!outcome.output.contains("NSCocoaErrorDomain"), "\(outcome.output)")
    }

    @Test func aWordForANumberSaysANumberIsRequired() {
        #expect(throws: ConfigError.typeMismatch(
            variable: "lambda_memory_size", value: "\"abc\"", expected: "number", reason: "a number is required")) {
            try StackConfiguration.load(tfvarsText: nil, overrides: ["lambda_memory_size=abc"])
        }
        #expect(throws: ConfigError.typeMismatch(
            variable: "enable_xray_tracing", value: "\"yes\"", expected: "bool", reason: "a bool is required")) {
            try StackConfiguration.load(tfvarsText: nil, overrides: ["enable_xray_tracing=yes"])
        }
    }

    @Test func wildcardHostsAreAdvertisedAsLoopback() {
        var options = StackOptions()
        options.host = "0.0.0.0"
        #expect(options.advertisedHost == "127.0.0.1")
        options.host = "::"
        #expect(options.advertisedHost == "[::1]")
        options.host = "::1"
        #expect(options.advertisedHost == "[::1]")
        options.host = "127.0.0.2"
        #expect(options.advertisedHost == "127.0.0.2")
    }
}
