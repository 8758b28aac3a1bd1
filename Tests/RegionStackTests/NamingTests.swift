import Testing
import Determinism
@testable import RegionStack

/// Resource names: reproducible from a seed, shaped like the seed's and AWS's.
@Suite struct NamingTests {
    let config = StackConfiguration.defaults

    func matches(_ s: String, _ pattern: String) -> Bool {
        (try? Regex(pattern)).map { s.wholeMatch(of: $0) != nil } ?? false
    }

    @Test func sameSeedSameNamesDifferentSeedDifferentNames() {
        let a = ResourceNames(configuration: config, seed: 42)
        let b = ResourceNames(configuration: config, seed: 42)
        let c = ResourceNames(configuration: config, seed: 43)
        #expect(a == b)
        #expect(a.seed == 42 && a.seedWasGiven)
        #expect(a.primary.clusterID != c.primary.clusterID)
        #expect(a.primary.apiID != c.primary.apiID)
        #expect(a.primary.clusterID != a.secondary.clusterID)
        #expect(a.primary.apiID != a.secondary.apiID)
    }

    @Test func withoutSeedOneIsDrawnAndRecorded() {
        let drawn = ResourceNames(configuration: config)
        #expect(!drawn.seedWasGiven)
        let replay = ResourceNames(configuration: config, seed: drawn.seed)
        #expect(replay.hex == drawn.hex)
        #expect(replay.primary == drawn.primary && replay.secondary == drawn.secondary)
    }

    @Test(arguments: [UInt64(0), 1, 7, 42, 1_000_003, .max])
    func formatsHold(seed: UInt64) {
        let n = ResourceNames(configuration: config, seed: seed)
        #expect(matches(n.hex, "^[0-9a-f]{6}$"), "seed \(seed): \(n.hex)")
        for r in n.regions {
            #expect(matches(r.clusterID, "^[a-z2-7]{26}$"), "seed \(seed): \(r.clusterID)")
            #expect(matches(r.clusterID, "^[a-z0-9]{26}$"), "seed \(seed)")
            #expect(matches(r.apiID, "^[a-z0-9]{10}$"), "seed \(seed): \(r.apiID)")
            #expect(matches(r.healthCheckID, "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"),
                    "seed \(seed): \(r.healthCheckID)")
            #expect(r.functionName.count <= 64)
        }
    }

    @Test func namesFollowTheSeed() {
        let n = ResourceNames(configuration: config, seed: 7)
        let h = n.hex
        #expect(n.namePrefix == "multi-region-app-\(h)")
        #expect(n.primary.clusterName == "multi-region-app-\(h)-primary")
        #expect(n.secondary.clusterName == "multi-region-app-\(h)-secondary")
        #expect(n.primary.functionName == "multi-region-app-\(h)-primary")
        #expect(n.secondary.functionName == "multi-region-app-\(h)-secondary")
        #expect(n.dbInitFunctionName == "multi-region-app-\(h)-db-init")
        #expect(n.primary.apiName == "multi-region-api-\(h)-primary")
        #expect(n.secondary.apiName == "multi-region-api-\(h)-secondary")
        #expect(n.primary.apiDescription == "Multi-region API - Primary")
        #expect(n.roleName == "MultiRegionLambdaRole-\(h)")
        #expect(n.policyName == "AuroraDSQLPolicy-\(h)")
        #expect(n.primary.healthCheckAlarmName == "primary-api-health")
    }

    @Test func prefixesComeFromTheConfiguration() throws {
        let c = try StackConfiguration.load(tfvarsText: """
        cluster_name_prefix = "orders"
        lambda_function_name_prefix = "orders_fn"
        api_gateway_name_prefix = "orders.api"
        """)
        let n = ResourceNames(configuration: c, seed: 7)
        #expect(n.primary.clusterName == "orders-\(n.hex)-primary")
        #expect(n.secondary.functionName == "orders_fn-\(n.hex)-secondary")
        #expect(n.primary.apiName == "orders.api-\(n.hex)-primary")
        #expect(n.dbInitFunctionName == "orders-\(n.hex)-db-init")
        // Same seed, same random parts, whatever the prefixes.
        #expect(n.hex == ResourceNames(configuration: config, seed: 7).hex)
    }

    @Test func arnsAndEndpoints() {
        let n = ResourceNames(configuration: config, seed: 9)
        let p = n.primary
        let acct = "000000000000"
        #expect(p.clusterARN == "arn:aws:dsql:us-east-1:\(acct):cluster/\(p.clusterID)")
        #expect(p.clusterEndpoint == "\(p.clusterID).dsql.us-east-1.on.aws")
        #expect(p.functionARN == "arn:aws:lambda:us-east-1:\(acct):function:\(p.functionName)")
        #expect(p.functionInvokeARN == "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:\(acct):function:\(p.functionName)/invocations")
        #expect(p.apiARN == "arn:aws:apigateway:us-east-1::/restapis/\(p.apiID)")
        #expect(p.apiExecutionARN == "arn:aws:execute-api:us-east-1:\(acct):\(p.apiID)")
        #expect(p.invokePermissionSourceARN == "arn:aws:execute-api:us-east-1:\(acct):\(p.apiID)/*/*/*")
        #expect(p.functionLogGroupName == "/aws/lambda/\(p.functionName)")
        #expect(p.functionLogGroupARN == "arn:aws:logs:us-east-1:\(acct):log-group:/aws/lambda/\(p.functionName)")
        #expect(p.apiLogGroupName == "/aws/apigateway/\(p.apiID)")
        #expect(p.awsInvokeURL == "https://\(p.apiID).execute-api.us-east-1.amazonaws.com/prod")
        #expect(n.secondary.clusterARN.hasPrefix("arn:aws:dsql:us-east-2:\(acct):cluster/"))
        #expect(n.roleARN == "arn:aws:iam::\(acct):role/MultiRegionLambdaRole-\(n.hex)")
        #expect(n.policyARN == "arn:aws:iam::\(acct):policy/AuroraDSQLPolicy-\(n.hex)")
        #expect(n.dbInitFunctionARN == "arn:aws:lambda:us-east-1:\(acct):function:\(n.dbInitFunctionName)")
    }

    @Test func accountIsConfigurable() {
        let n = ResourceNames(configuration: config, seed: 9, accountID: "123456789012")
        #expect(n.primary.clusterARN.contains(":123456789012:cluster/"))
        #expect(n.roleARN == "arn:aws:iam::123456789012:role/\(n.roleName)")
        #expect(ResourceNames.isValidAccountID("123456789012"))
        #expect(!ResourceNames.isValidAccountID("12345"))
        #expect(!ResourceNames.isValidAccountID("12345678901a"))
    }

    @Test func hexSuffixIsThreeBytes() {
        var g = Determinism.SeededGenerator(seed: 5)
        var seen = Set<String>()
        for _ in 0..<500 { seen.insert(RandomIdentifiers.hexSuffix(using: &g)) }
        #expect(seen.allSatisfy { $0.count == 6 })
        #expect(seen.count > 490, "suffixes should rarely repeat (seed 5)")
    }
}

/// Environment variables and tags derived from the configuration and names.
@Suite struct NamingEnvironmentTests {
    @Test func functionEnvironmentFollowsTheSeedWithoutReservedKeys() throws {
        let c = try StackConfiguration.load(tfvarsText: #"lambda_environment_variables = { LOG_LEVEL = "INFO", DATABASE_NAME = "override" }"#)
        let n = ResourceNames(configuration: c, seed: 3)
        let env = n.functionEnvironment(.secondary, configuration: c)
        #expect(env == ["DSQL_ENDPOINT": n.secondary.clusterEndpoint, "DATABASE_NAME": "override",
                        "REGION_TYPE": "secondary", "LOG_LEVEL": "INFO"])
        let seedStyle = n.functionEnvironment(.primary, configuration: c, includeSeedReservedKeys: true)
        #expect(seedStyle["AWS_REGION"] == "us-east-1")
        #expect(LambdaEnvironmentError.check(seedStyle.keys.sorted())?.reservedKeys == ["AWS_REGION"])
        #expect(LambdaEnvironmentError.check(env.keys.sorted()) == nil)
        #expect(n.dbInitEnvironment(configuration: c) == ["DSQL_ENDPOINT": n.primary.clusterEndpoint,
                                                          "DATABASE_NAME": "postgres", "CREATE_SAMPLE_DATA": "true"])
    }

    @Test func tagsMergeAdditionalTags() throws {
        let c = try StackConfiguration.load(tfvarsText: #"additional_tags = { Department = "Eng", Owner = "someone" }"#)
        let n = ResourceNames(configuration: c, seed: 3)
        let tags = n.clusterTags(.primary, configuration: c)
        #expect(tags["Department"] == "Eng")
        #expect(tags["Owner"] == "someone")
        #expect(tags["Application"] == "multi-region-aurora-dsql")
        #expect(tags["WitnessRegion"] == "us-west-2")
        #expect(tags["Name"] == n.primary.clusterName && tags["Type"] == "primary" && tags["Region"] == "us-east-1")
        #expect(n.commonTags(configuration: c).count == 11)
    }
}

@Suite struct LambdaIntegrationARNTests {
    @Test func parsesFunctionARNsAndRefusesOthers() {
        let ok = LambdaIntegration.parse("arn:aws:lambda:us-east-2:123456789012:function:multi-region-app-abc123-secondary")
        #expect(ok?.region == "us-east-2" && ok?.name == "multi-region-app-abc123-secondary")
        let qualified = LambdaIntegration.parse("arn:aws:lambda:us-east-1:1:function:f:$LATEST:extra")
        #expect(qualified?.region == "us-east-1" && qualified?.name == "f")
        let empty = LambdaIntegration.parse("arn:aws:lambda::1:function:")
        #expect(empty?.region == "" && empty?.name == "")
        for bad in ["", "arn:aws:lambda:us-east-1:1:function", "arn:aws:s3:us-east-1:1:function:f", "ARN:aws:lambda:r:1:function:f",
                    "arn:aws:lambda:r:1:layer:f", "function:f"] {
            #expect(LambdaIntegration.parse(bad) == nil, "\(bad)")
        }
    }
}
