import Glibc
import HTTP
import Lambda
import Testing
@testable import RegionStack
import UsersService

/// Configuration-driven behaviour: API keys, stage throttling, Lambda refusals, wiring, destroy.
@Suite("Stack: configuration features", .serialized)
struct StackGatewayFeatureTests {
    @Test func apiKeyRequiredRefusesWithoutTheKeyAndAcceptsTheOneInTheOutputs() async throws {
        let stack = try await StackHarness.boot(vars: ["enable_api_key_required=true"])
        defer { Task { await stack.stop() } }
        let outputs = try PyJSONParser.parse(try #require(stack.outputsText))
        for role in StackRegionRole.allCases {
            guard case .string(let key)? = outputs["api_keys"]?["value"]?[role.rawValue]?["value"] else {
                Issue.record("no api key for \(role) in outputs"); continue
            }
            #expect(stack.endpoints.apiKeys[role] == key)
            let refused = try await stack.send(role, "/prod/health")
            #expect(refused.status == 403)
            #expect(refused.text == #"{"message":"Forbidden"}"#)
            let wrong = try await stack.send(role, "/prod/health", headers: [("x-api-key", "not-the-key")])
            #expect(wrong.status == 403)
            let accepted = try await stack.send(role, "/prod/health", headers: [("x-api-key", key)])
            #expect(accepted.status == 200, "\(accepted.text)")
            let preflight = try await stack.send(role, "OPTIONS", "/prod/health")
            #expect(preflight.status == 200, "OPTIONS needs no key")
        }
    }

    @Test func stageThrottleAnswers429() async throws {
        let stack = try await StackHarness.boot(vars: ["api_gateway_throttle_rate_limit=1", "api_gateway_throttle_burst_limit=1"])
        defer { Task { await stack.stop() } }
        var statuses: [Int] = []
        for _ in 0..<4 { statuses.append(try await stack.send(.primary, "/prod/health").status) }
        #expect(statuses.first == 200)
        #expect(statuses.contains(429), "\(statuses)")
        let throttled = try await stack.send(.primary, "/prod/health")
        if throttled.status == 429 { #expect(throttled.text == #"{"message":"Too Many Requests"}"#) }
    }

    @Test func reservedLambdaEnvironmentKeyIsRefusedAtStart() async throws {
        // The configuration layer refuses it first (as `terraform apply` would fail at CreateFunction)...
        #expect {
            _ = try StackConfiguration.load(path: nil, overrides: [#"lambda_environment_variables={AWS_REGION="eu-west-1"}"#])
        } throws: { error in
            "\(error)".contains("Reserved keys used in this request: AWS_REGION")
        }
        // ...and the Lambda layer refuses it too if a configuration carries it (the seed's own merge).
        let function = FunctionConfiguration(functionName: "f", environment: ["AWS_REGION": "us-east-1", "DSQL_ENDPOINT": "x"])
        #expect(throws: LambdaError.reservedEnvironmentKeys(["AWS_REGION"])) { try function.validate() }
    }

    @Test func assemblyRefusesToBuildWithoutADatabase() async throws {
        // The runtime always supplies one (its own DSQL cluster by default); a direct caller of
        // `StackAssembly.build` that gives none gets a clear error, never a fake.
        await #expect(throws: StackError.databaseNotWired) { _ = try await StackAssembly.build(StackOptions.testing()) }
    }

    @Test func destroyHonoursDeletionProtection() throws {
        let directory = "/tmp/regionstack-destroy-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try StackRuntime.makeDirectory(directory + "/primary/wal")
        let file = fopen(directory + "/primary/wal/log", "w")
        fputs("x", file)
        fclose(file)
        let protected = try StackConfiguration.load(path: nil)
        #expect(StackDestroyer.destroy(dataDirectory: directory, configuration: protected) == .refused(StackDestroyer.protectionMessage))
        #expect(access(directory, F_OK) == 0)
        let unprotected = try StackConfiguration.load(path: nil, overrides: ["enable_deletion_protection=false"])
        #expect(StackDestroyer.destroy(dataDirectory: directory, configuration: unprotected) == .deleted(directory))
        #expect(access(directory, F_OK) != 0)
        #expect(StackDestroyer.destroy(dataDirectory: directory, configuration: unprotected) == .nothingToDelete(directory))
    }
}
