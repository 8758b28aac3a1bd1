import Foundation
import Testing
@testable import RegionStack

/// `fixtures/terraform.tfvars.example` sets every declared variable to its default.
@Suite struct ConfigFixtureTests {
    static var fixturePath: String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fixtures/terraform.tfvars.example").path
    }

    @Test func fixtureLoadsToTheDefaults() throws {
        let c = try StackConfiguration.load(path: Self.fixturePath)
        #expect(c == StackConfiguration.defaults)
    }

    @Test func fixtureCoversEveryDeclaredVariable() throws {
        let text = try String(contentsOfFile: Self.fixturePath, encoding: .utf8)
        let attributes = try HCLParser.parseFile(text, source: "terraform.tfvars.example")
        #expect(Set(attributes.map(\.name)) == Set(SeedVariables.all.map(\.name)))
        #expect(attributes.count == 40)
        for attribute in attributes {
            let declaration = try #require(SeedVariables.declaration(named: attribute.name))
            #expect(declaration.type.convert(attribute.value) == .success(declaration.defaultValue),
                    "\(attribute.name) = \(attribute.value.hclText) is not the default \(declaration.defaultValue.hclText)")
        }
    }

    @Test func fixtureMapsAreEmptyWithCommentedExamples() throws {
        let text = try String(contentsOfFile: Self.fixturePath, encoding: .utf8)
        let commented = text.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
        for example in ["\"Department\"", "\"BusinessUnit\"", "\"ContactEmail\"", "\"LOG_LEVEL\"", "\"CUSTOM_SETTING\""] {
            #expect(commented.contains { $0.contains("# " + example) }, "missing commented example \(example)")
        }
        #expect(commented.contains { $0.contains("\"LOG_LEVEL\"") && $0.contains("= \"INFO\"") })
    }

    @Test func defaultsMatchTheSeedTable() {
        let d = StackConfiguration.defaults
        #expect(d.primaryRegion == "us-east-1" && d.secondaryRegion == "us-east-2" && d.witnessRegion == "us-west-2")
        #expect(d.clusterNamePrefix == "multi-region-app" && d.lambdaFunctionNamePrefix == "multi-region-app")
        #expect(d.apiGatewayNamePrefix == "multi-region-api" && d.apiGatewayStageName == "prod")
        #expect(d.lambdaTimeout == 30 && d.lambdaMemorySize == 512 && d.lambdaReservedConcurrency == nil)
        #expect(d.apiGatewayThrottleRateLimit == 1000 && d.apiGatewayThrottleBurstLimit == 2000)
        #expect(d.corsAllowHeaders == ["Content-Type", "X-Amz-Date", "Authorization", "X-Api-Key", "X-Amz-Security-Token"])
        #expect(d.corsAllowMethods == ["GET", "POST", "PUT", "DELETE", "OPTIONS"])
        #expect(d.enableDeletionProtection && d.createSampleData && !d.createRoute53HealthChecks)
        #expect(d.maintenanceWindow == "sun:03:00-sun:04:00" && d.backupRetentionPeriod == 7)
        #expect(SeedVariables.all.count == 40)
    }

    @Test func missingFileIsReported() {
        #expect(throws: ConfigError.self) { try StackConfiguration.load(path: "/nonexistent/terraform.tfvars") }
    }
}
