import Foundation
import Testing

/// boto3 and awscli v1 against the edge port of a stack booted in-process: every Lambda, API
/// Gateway and DSQL operation the stack serves, each checked against the real values
/// (`Clients/aws_clients.py` holds the checks; each section gets a fresh stack).
@Suite(.serialized) struct AWSClientTests {
    func run(_ section: String, vars: [String] = []) async throws {
        try await ClientProcess.requirePython(["boto3", "awscli"])
        let stack = try await EdgeStack.boot(vars: vars)
        let outcome = try await ClientProcess.run([
            "python3", ClientProcess.clientsDirectory() + "/aws_clients.py", section, stack.edgeURL, stack.endpoints.adminURL,
            stack.outputsPath,
        ])
        await stack.stop()
        #expect(outcome.status == 0 && outcome.output.contains("OK \(section)"), "\(section):\n\(outcome.output)")
    }

    @Test func lambdaWithBoto3() async throws { try await run("lambda") }
    @Test func apiGatewayWithBoto3() async throws { try await run("apigateway") }
    @Test func apiKeysAndUsagePlansWithBoto3() async throws { try await run("apikeys", vars: ["enable_api_key_required=true"]) }
    @Test func dsqlClustersPeeringWaitersAndProtectionWithBoto3() async throws { try await run("dsql") }
    @Test func errorShapesPerProtocol() async throws { try await run("errors") }
    @Test func everyOperationWithAWSCLI() async throws { try await run("awscli") }
}
