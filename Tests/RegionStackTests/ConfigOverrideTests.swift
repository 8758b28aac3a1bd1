import Testing
@testable import RegionStack

/// `--var name=value` overrides with Terraform's `-var` semantics and precedence.
@Suite struct ConfigOverrideTests {
    @Test func nonStringValuesAreParsedAsHCL() throws {
        let c = try StackConfiguration.load(tfvarsText: nil, overrides: [
            "lambda_timeout=60",
            "enable_xray_tracing=false",
            "lambda_reserved_concurrency=null",
            #"cors_allow_origins=["https://a.example", "https://b.example"]"#,
            #"additional_tags={Team="data", "Cost Code"=42}"#,
            "api_gateway_throttle_rate_limit= 12.5 ",
        ])
        #expect(c.lambdaTimeout == 60)
        #expect(c.enableXRayTracing == false)
        #expect(c.lambdaReservedConcurrency == nil)
        #expect(c.corsAllowOrigins == ["https://a.example", "https://b.example"])
        #expect(c.additionalTags == ["Team": "data", "Cost Code": "42"])
        #expect(c.apiGatewayThrottleRateLimit == 12.5)
    }

    @Test func stringValuesAreTheRawText() throws {
        let c = try StackConfiguration.load(tfvarsText: nil, overrides: [
            "primary_region=eu-west-1",
            "maintenance_window=mon:01:00-mon:02:00",
            "route53_hosted_zone_id=",
            "database_name=db_with",
        ])
        #expect(c.primaryRegion == "eu-west-1")
        #expect(c.maintenanceWindow == "mon:01:00-mon:02:00")
        #expect(c.route53HostedZoneID == "")
        #expect(c.databaseName == "db_with")
        // Quotes are part of a string -var value, as with terraform -var 'environment="dev"'.
        #expect(throws: ConfigError.invalidValue(variable: "environment", value: "\"\\\"dev\\\"\"",
                                                  rule: "must match ^[a-z][a-z0-9-]{0,15}$")) {
            try StackConfiguration.load(tfvarsText: nil, overrides: [#"environment="dev""#])
        }
    }

    @Test func onlyTheFirstEqualsSignSplits() throws {
        var a = VariableAssignments()
        try a.addOverride("custom_domain_name=a=b")
        #expect(a.values["custom_domain_name"] == .string("a=b"))
    }

    @Test func overridesBeatTheFileAndTheLastOneWins() throws {
        let c = try StackConfiguration.load(
            tfvarsText: "lambda_timeout = 45\nlambda_memory_size = 1024\n",
            overrides: ["lambda_timeout=50", "lambda_timeout=55"])
        #expect(c.lambdaTimeout == 55)
        #expect(c.lambdaMemorySize == 1024)
        #expect(c.lambdaRuntime == "python3.11")
    }

    @Test func overrideValuesAreValidated() {
        #expect(throws: ConfigError.invalidValue(variable: "lambda_timeout", value: "0", rule: "must be between 1 and 900")) {
            try StackConfiguration.load(tfvarsText: nil, overrides: ["lambda_timeout=0"])
        }
    }

    @Test func malformedAndUndeclaredOverrides() {
        #expect(throws: ConfigError.malformedOverride("lambda_timeout")) {
            try StackConfiguration.load(tfvarsText: nil, overrides: ["lambda_timeout"])
        }
        #expect(throws: ConfigError.malformedOverride("=5")) {
            try StackConfiguration.load(tfvarsText: nil, overrides: ["=5"])
        }
        #expect(throws: ConfigError.undeclaredVariable(name: "region", location: "-var")) {
            try StackConfiguration.load(tfvarsText: nil, overrides: ["region=us-east-1"])
        }
    }

    @Test func overrideSyntaxErrorNamesTheVariable() {
        do {
            _ = try StackConfiguration.load(tfvarsText: nil, overrides: ["lambda_timeout=3 0"])
            Issue.record("accepted")
        } catch {
            guard case .syntax(let parse) = error else { Issue.record("wrong error \(error)"); return }
            #expect(parse.source == "-var lambda_timeout")
            #expect(parse.kind == .trailingContent)
            #expect(parse.column == 3)
        }
    }
}
