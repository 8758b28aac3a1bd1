import Foundation
import Testing
@testable import RegionStack

/// The outputs model: seed keys, local URLs, curl commands and the Terraform-style block.
@Suite struct OutputsTests {
    static let endpoints = LocalEndpoints(primary: "http://127.0.0.1:8081", secondary: "http://127.0.0.1:8082/",
                                          edge: "http://127.0.0.1:8080", admin: "http://127.0.0.1:9000")
    static let moment = Date(timeIntervalSince1970: 1_795_000_000)

    func outputs(_ config: StackConfiguration = .defaults, seed: UInt64 = 11) -> StackOutputs {
        StackOutputs(configuration: config, names: ResourceNames(configuration: config, seed: seed),
                     endpoints: Self.endpoints, deployedAt: Self.moment)
    }

    static let seedOutputNames = [
        "aurora_dsql_clusters", "primary_cluster_arn", "secondary_cluster_arn", "primary_cluster_endpoint",
        "secondary_cluster_endpoint", "witness_region", "lambda_functions", "primary_lambda_function_name",
        "secondary_lambda_function_name", "lambda_execution_role_arn", "api_gateway_endpoints",
        "primary_api_endpoint", "secondary_api_endpoint", "api_gateway_stage_name", "cloudwatch_log_groups",
        "primary_lambda_log_group", "secondary_lambda_log_group", "route53_health_checks", "iam_resources",
        "database_configuration", "regions_configuration", "validation_commands", "cost_estimation",
        "deployment_metadata", "troubleshooting_information", "next_steps",
    ]

    @Test func jsonHasEverySeedOutputPlusAdminURL() throws {
        let o = outputs()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(o.json().utf8)) as? [String: Any])
        #expect(Set(parsed.keys) == Set(Self.seedOutputNames + ["admin_url", "edge_url", "global_endpoint"]))
        let api = try #require((parsed["api_gateway_endpoints"] as? [String: Any])?["primary"] as? [String: Any])
        #expect(Set(api.keys) == ["api_id", "api_arn", "execution_arn", "endpoint_url", "health_url", "users_url",
                                  "aws_endpoint_url", "aws_health_url", "aws_users_url", "region", "stage_name"])
        let cluster = try #require((parsed["aurora_dsql_clusters"] as? [String: Any])?["secondary"] as? [String: Any])
        #expect(Set(cluster.keys) == ["arn", "cluster_id", "endpoint", "status", "region", "creation_time", "witness_region"])
        let fn = try #require((parsed["lambda_functions"] as? [String: Any])?["primary"] as? [String: Any])
        #expect(Set(fn.keys) == ["function_name", "function_arn", "invoke_arn", "region", "runtime", "timeout",
                                 "memory_size", "version"])
        #expect(fn["timeout"] as? Int == 30)
        let meta = try #require(parsed["deployment_metadata"] as? [String: Any])
        #expect(meta["deployment_id"] as? String == o.names.hex)
        #expect(meta["seed"] as? String == "11")
        #expect(meta["deployment_timestamp"] as? String == "2026-11-18T11:06:40Z")
        #expect(parsed["admin_url"] as? String == "http://127.0.0.1:9000")
    }

    @Test func endpointURLsAreLocalAndAWSStyleIsKept() {
        let o = outputs()
        let n = o.names
        #expect(o[path: "api_gateway_endpoints.primary.endpoint_url"] == .string("http://127.0.0.1:8081/prod"))
        #expect(o[path: "api_gateway_endpoints.primary.health_url"] == .string("http://127.0.0.1:8081/prod/health"))
        #expect(o[path: "api_gateway_endpoints.secondary.users_url"] == .string("http://127.0.0.1:8082/prod/users"))
        #expect(o[path: "primary_api_endpoint"] == .string("http://127.0.0.1:8081/prod"))
        #expect(o[path: "api_gateway_endpoints.primary.aws_endpoint_url"]
                == .string("https://\(n.primary.apiID).execute-api.us-east-1.amazonaws.com/prod"))
        #expect(o[path: "api_gateway_endpoints.secondary.api_id"] == .string(n.secondary.apiID))
        #expect(o[path: "aurora_dsql_clusters.primary.endpoint"] == .string(n.primary.clusterEndpoint))
        #expect(o[path: "aurora_dsql_clusters.primary.status"] == .string("ACTIVE"))
        #expect(o[path: "lambda_functions.secondary.version"] == .string("$LATEST"))
        #expect(o[path: "iam_resources.aurora_dsql_policy.name"] == .string(n.policyName))
        // DSQL's real flag is --identifier; the command targets the local edge port when there is one.
        let status = o[path: "troubleshooting_information.cluster_status_commands.secondary"]?.stringValue ?? ""
        #expect(status.hasPrefix("aws dsql get-cluster --region us-east-2 --identifier \(n.secondary.clusterID)"))
    }

    @Test func validationCommandsTargetTheGivenLocalURLs() {
        let o = outputs()
        let expected: [String: String] = [
            "primary_health_check": #"curl -X GET "http://127.0.0.1:8081/prod/health""#,
            "secondary_health_check": #"curl -X GET "http://127.0.0.1:8082/prod/health""#,
            "primary_users_list": #"curl -X GET "http://127.0.0.1:8081/prod/users""#,
            "secondary_users_list": #"curl -X GET "http://127.0.0.1:8082/prod/users""#,
            "create_user_primary": #"curl -X POST "http://127.0.0.1:8081/prod/users" -H "Content-Type: application/json" -d '{"name":"Test User","email":"test@example.com"}'"#,
            "create_user_secondary": #"curl -X POST "http://127.0.0.1:8082/prod/users" -H "Content-Type: application/json" -d '{"name":"Test User","email":"test@example.com"}'"#,
        ]
        guard case .object(let commands)? = o[path: "validation_commands"] else {
            Issue.record("validation_commands missing")
            return
        }
        #expect(commands.mapValues { $0.stringValue ?? "" } == expected)
        // Each GET command targets exactly the advertised health/users URL.
        #expect(o[path: "validation_commands.primary_health_check"]?.stringValue?
                    .contains("\"\(o[path: "api_gateway_endpoints.primary.health_url"]!.stringValue!)\"") == true)
    }

    @Test func stageNameFlowsIntoURLs() throws {
        let c = try StackConfiguration.load(tfvarsText: "api_gateway_stage_name = \"v1\"")
        let o = outputs(c)
        #expect(o[path: "api_gateway_endpoints.primary.health_url"] == .string("http://127.0.0.1:8081/v1/health"))
        #expect(o[path: "validation_commands.secondary_users_list"] == .string(#"curl -X GET "http://127.0.0.1:8082/v1/users""#))
        #expect(o[path: "api_gateway_stage_name"] == .string("v1"))
    }

    @Test func route53HealthChecksOnlyWhenEnabled() throws {
        #expect(outputs()[path: "route53_health_checks"] == .object([:]))
        let c = try StackConfiguration.load(tfvarsText: "create_route53_health_checks = true")
        let o = outputs(c)
        #expect(o[path: "route53_health_checks.primary.fqdn"]
                == .string("\(o.names.primary.apiID).execute-api.us-east-1.amazonaws.com"))
        #expect(o[path: "route53_health_checks.secondary.cloudwatch_alarm"] == .string("secondary-api-health"))
        #expect(o[path: "cost_estimation.route53_health_checks"] == .string("$0.50 per health check per month"))
    }

    @Test func renderingIsDeterministicWithSortedKeys() {
        let a = outputs().json(pretty: true)
        let b = outputs().json(pretty: true)
        #expect(a == b)
        #expect(a.hasPrefix("{\n  \"admin_url\": \"http://127.0.0.1:9000\",\n  \"api_gateway_endpoints\": {\n"))
        #expect(!a.contains("\\/"))
        #expect(outputs(seed: 12).json() != outputs(seed: 11).json())
    }

    @Test func terraformTextBlock() {
        let o = outputs()
        let text = o.terraformText()
        #expect(text.hasPrefix("Outputs:\n\nadmin_url = \"http://127.0.0.1:9000\"\napi_gateway_endpoints = {\n  \"primary\" = {\n    \"api_arn\" = \"arn:aws:apigateway:us-east-1::/restapis/\(o.names.primary.apiID)\"\n"))
        #expect(text.contains("\nprimary_api_endpoint = \"http://127.0.0.1:8081/prod\"\n"))
        #expect(text.contains("\nroute53_health_checks = {}\n"))
        #expect(text.contains("\nedge_url = \"http://127.0.0.1:8080\"\n"))
        #expect(text.contains(#"  "primary_health_check" = "curl -X GET \"http://127.0.0.1:8081/prod/health\""#))
        #expect(text.contains("  \"testing\" = [\n    \"Test health endpoints to verify deployment\",\n"))
        #expect(text.hasSuffix("witness_region = \"us-west-2\"\n"))
        #expect(text == outputs().terraformText())
    }

    @Test func valueRenderingEscapes() {
        #expect(OutputValue.string("a\"b\\c\n${x}").terraformText() == #""a\"b\\c\n$${x}""#)
        #expect(OutputValue.string("a\"b/\u{1}").json() == #""a\"b/\u0001""#)
        #expect(OutputValue.object(["b": .int(2), "a": .list([.null, .bool(true)])]).json() == #"{"a":[null,true],"b":2}"#)
        #expect(OutputValue.number(0.5).json() == "0.5")
    }
}

/// Writing the outputs file for tools.
@Suite struct OutputsFileTests {
    @Test func writesPrettyJSONFile() throws {
        let config = StackConfiguration.defaults
        let o = StackOutputs(configuration: config, names: ResourceNames(configuration: config, seed: 1),
                             endpoints: LocalEndpoints(primary: "http://127.0.0.1:1", secondary: "http://127.0.0.1:2",
                                                       admin: "http://127.0.0.1:3"),
                             deployedAt: Date(timeIntervalSince1970: 0))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("outputs-\(UInt64.random(in: 0 ... .max)).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try o.writeJSON(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == OutputValue.terraformOutputJSON(o.values))
        // terraform output -json's shape: {"name": {"sensitive", "type", "value"}}.
        let parsed = try #require(OutputValue.readTerraformOutputJSON(text))
        #expect(parsed.values == o.values)
        #expect(text.contains(#""admin_url": {\#n    "sensitive": false,\#n    "type": "string",\#n    "value": "http://127.0.0.1:3"\#n  }"#))
        #expect(o[path: "edge_url"] == .null)
        #expect(o[path: "deployment_metadata.deployment_timestamp"] == .string("1970-01-01T00:00:00Z"))
    }
}
