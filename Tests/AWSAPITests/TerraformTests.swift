import Foundation
import Glibc
import Testing

/// Terraform with the AWS provider, offline (a filesystem mirror), against the edge port: data
/// sources read the stack's two functions and REST APIs, a peered pair of `aws_dsql_cluster`
/// resources is created and its endpoints output, then everything is destroyed.
@Suite(.serialized) struct TerraformTests {
    /// Where the AWS provider is mirrored (`RS_TF_PLUGIN_DIR`, else `/opt/tf-plugins`).
    static var mirror: String { ProcessInfo.processInfo.environment["RS_TF_PLUGIN_DIR"] ?? "/opt/tf-plugins" }

    static func configuration(edge: String, functions: (String, String), apis: (String, String)) -> String {
        func provider(_ alias: String?, _ region: String) -> String {
            """
            provider "aws" {
              \(alias.map { "alias = \"\($0)\"" } ?? "")
              region                      = "\(region)"
              access_key                  = "test"
              secret_key                  = "test"
              skip_credentials_validation = true
              skip_requesting_account_id  = true
              skip_metadata_api_check     = true
              endpoints {
                lambda     = "\(edge)"
                apigateway = "\(edge)"
                dsql       = "\(edge)"
                sts        = "\(edge)"
              }
            }

            """
        }
        return provider(nil, "us-east-1") + provider("east2", "us-east-2") + """
            data "aws_lambda_function" "primary" { function_name = "\(functions.0)" }
            data "aws_lambda_function" "secondary" {
              provider      = aws.east2
              function_name = "\(functions.1)"
            }
            data "aws_api_gateway_rest_api" "primary" { name = "\(apis.0)" }
            data "aws_api_gateway_rest_api" "secondary" {
              provider = aws.east2
              name     = "\(apis.1)"
            }
            resource "aws_dsql_cluster" "one" {
              deletion_protection_enabled = false
              multi_region_properties { witness_region = "us-west-2" }
            }
            resource "aws_dsql_cluster" "two" {
              provider                    = aws.east2
              deletion_protection_enabled = false
              multi_region_properties { witness_region = "us-west-2" }
            }
            resource "aws_dsql_cluster_peering" "one" {
              identifier     = aws_dsql_cluster.one.identifier
              clusters       = [aws_dsql_cluster.two.arn]
              witness_region = "us-west-2"
            }
            resource "aws_dsql_cluster_peering" "two" {
              provider       = aws.east2
              identifier     = aws_dsql_cluster.two.identifier
              clusters       = [aws_dsql_cluster.one.arn]
              witness_region = "us-west-2"
            }
            output "function_arns" { value = [data.aws_lambda_function.primary.arn, data.aws_lambda_function.secondary.arn] }
            output "api_ids" { value = [data.aws_api_gateway_rest_api.primary.id, data.aws_api_gateway_rest_api.secondary.id] }
            output "endpoints" {
              value = ["${aws_dsql_cluster.one.identifier}.dsql.us-east-1.on.aws", "${aws_dsql_cluster.two.identifier}.dsql.us-east-2.on.aws"]
            }

            """
    }

    @Test func planApplyAndDestroyAgainstTheEdgePort() async throws {
        let check = try await ClientProcess.run(["sh", "-c", "command -v terraform && ls \(Self.mirror)/registry.terraform.io/hashicorp/aws"])
        guard check.status == 0 else {
            Issue.record("terraform and the AWS provider mirror are needed (terraform on PATH, the provider under \(Self.mirror) or RS_TF_PLUGIN_DIR):\n\(check.output)")
            return
        }
        let stack = try await EdgeStack.boot()
        let names = try #require(stack.endpoints.outputs?.names)
        let directory = "/tmp/regionstack-terraform-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cli = """
            provider_installation {
              filesystem_mirror {
                path    = "\(Self.mirror)"
                include = ["registry.terraform.io/hashicorp/aws"]
              }
              direct { exclude = ["registry.terraform.io/hashicorp/aws"] }
            }

            """
        try cli.write(toFile: directory + "/cli.tfrc", atomically: true, encoding: .utf8)
        try Self.configuration(
            edge: stack.edgeURL, functions: (names.primary.functionName, names.secondary.functionName),
            apis: (names.primary.apiName, names.secondary.apiName)
        ).write(toFile: directory + "/main.tf", atomically: true, encoding: .utf8)
        let environment = ["TF_CLI_CONFIG_FILE": directory + "/cli.tfrc", "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"]
        func terraform(_ arguments: String...) async throws -> ClientProcess.Outcome {
            try await ClientProcess.run(["terraform"] + arguments, environment: environment, directory: directory, timeout: .seconds(300))
        }
        let steps: [[String]] = [
            ["init", "-input=false", "-no-color"], ["plan", "-input=false", "-no-color"],
            ["apply", "-auto-approve", "-input=false", "-no-color"],
        ]
        for step in steps {
            let outcome = try await ClientProcess.run(["terraform"] + step, environment: environment, directory: directory, timeout: .seconds(300))
            #expect(outcome.status == 0, "terraform \(step[0]):\n\(outcome.output)")
            guard outcome.status == 0 else {
                await stack.stop()
                return
            }
        }
        let output = try await terraform("output", "-json")
        let document = try JSONSerialization.jsonObject(with: Data(output.output.utf8)) as? [String: [String: Any]]
        let arns = document?["function_arns"]?["value"] as? [String]
        #expect(arns == [names.primary.functionARN, names.secondary.functionARN])
        #expect(document?["api_ids"]?["value"] as? [String] == [names.primary.apiID, names.secondary.apiID])
        let endpoints = document?["endpoints"]?["value"] as? [String] ?? []
        #expect(endpoints.count == 2)
        let registry = try #require(stack.runtime.assembly?.clusters)
        for endpoint in endpoints {
            #expect(registry.session(for: endpoint) != nil, "\(endpoint) is served once peered")
        }
        let destroy = try await terraform("destroy", "-auto-approve", "-input=false", "-no-color")
        #expect(destroy.status == 0, "terraform destroy:\n\(destroy.output)")
        let deadline = ContinuousClock.now + .seconds(30)
        while endpoints.contains(where: { registry.session(for: $0) != nil }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        for endpoint in endpoints {
            #expect(registry.session(for: endpoint) == nil, "\(endpoint) is gone after destroy")
        }
        await stack.stop()
    }
}
