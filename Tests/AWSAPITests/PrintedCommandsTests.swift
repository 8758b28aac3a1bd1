import Foundation
import RegionStack
import Testing

/// Every command the outputs print (the seed's validation curls and the troubleshooting
/// commands) runs verbatim against the local stack, API keys on, and gets a real answer.
@Suite(.serialized) struct PrintedCommandsTests {
    @Test func everyPrintedCommandWorksVerbatim() async throws {
        try await ClientProcess.requirePython(["awscli"])
        let stack = try await EdgeStack.boot(vars: ["enable_api_key_required=true"])
        let outputs = try #require(stack.endpoints.outputs)
        var commands: [(String, String)] = []
        if case .object(let validation)? = outputs[path: "validation_commands"] {
            for (name, value) in validation { commands.append((name, value.stringValue ?? "")) }
        }
        for group in ["lambda_log_groups", "cluster_status_commands", "lambda_invoke_commands"] {
            if case .object(let perRegion)? = outputs[path: "troubleshooting_information.\(group)"] {
                for (role, value) in perRegion { commands.append(("\(group).\(role)", value.stringValue ?? "")) }
            }
        }
        #expect(commands.count == 12)
        for (name, command) in commands.sorted(by: { $0.0 < $1.0 }) {
            let outcome = try await ClientProcess.run(["sh", "-c", command], timeout: .seconds(60))
            #expect(outcome.status == 0, "\(name): \(command)\n\(outcome.output)")
            let expected: String
            switch name {
            case let n where n.hasSuffix("_health_check"): expected = "\"database_status\": \"healthy\""
            case let n where n.hasSuffix("_users_list"): expected = "\"users\""
            // Both regions share one database: the second region's create finds the user the first made.
            case "create_user_primary": expected = "Test User"
            case "create_user_secondary": expected = "User with this email already exists"
            case let n where n.hasPrefix("lambda_log_groups"): expected = "\"events\""
            case let n where n.hasPrefix("cluster_status_commands"): expected = "\"status\": \"ACTIVE\""
            default: expected = "\"StatusCode\": 200"
            }
            #expect(outcome.output.contains(expected), "\(name): \(command)\n\(outcome.output)")
            #expect(!outcome.output.contains("Forbidden"), "\(name) must carry the API key")
        }
        await stack.stop()
    }
}
