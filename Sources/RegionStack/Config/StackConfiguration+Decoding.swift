/// Building a `StackConfiguration` from raw assignments: type conversion, the seed's rules, and
/// the checks across variables that AWS would otherwise enforce at apply time.
extension StackConfiguration {
    /// Longest Lambda function name AWS accepts.
    public static let maxFunctionNameLength = 64

    /// Converts and validates every variable (in declaration order, so the first error reported
    /// is the first variable in `variables.tf` that is wrong), then runs the cross-checks.
    public init(assignments: VariableAssignments) throws(ConfigError) {
        var checked: [String: HCLValue] = [:]
        for declaration in SeedVariables.all {
            switch declaration.check(assignments.value(for: declaration)) {
            case .success(let value): checked[declaration.name] = value
            case .failure(let error): throw error
            }
        }
        let v = Values(checked: checked)
        primaryRegion = v.string("primary_region")
        secondaryRegion = v.string("secondary_region")
        witnessRegion = v.string("witness_region")
        clusterNamePrefix = v.string("cluster_name_prefix")
        enableDeletionProtection = v.bool("enable_deletion_protection")
        databaseName = v.string("database_name")
        lambdaFunctionNamePrefix = v.string("lambda_function_name_prefix")
        lambdaRuntime = v.string("lambda_runtime")
        lambdaTimeout = v.int("lambda_timeout")!
        lambdaMemorySize = v.int("lambda_memory_size")!
        lambdaReservedConcurrency = v.int("lambda_reserved_concurrency")
        apiGatewayNamePrefix = v.string("api_gateway_name_prefix")
        apiGatewayStageName = v.string("api_gateway_stage_name")
        enableAPIGatewayLogging = v.bool("enable_api_gateway_logging")
        apiGatewayThrottleRateLimit = v.double("api_gateway_throttle_rate_limit")
        apiGatewayThrottleBurstLimit = v.int("api_gateway_throttle_burst_limit")!
        createRoute53HealthChecks = v.bool("create_route53_health_checks")
        route53HostedZoneID = v.string("route53_hosted_zone_id")
        customDomainName = v.string("custom_domain_name")
        enableCloudWatchLogs = v.bool("enable_cloudwatch_logs")
        cloudWatchLogRetentionDays = v.int("cloudwatch_log_retention_days")!
        enableXRayTracing = v.bool("enable_xray_tracing")
        createCloudWatchAlarms = v.bool("create_cloudwatch_alarms")
        lambdaSecurityGroupIDs = v.list("lambda_security_group_ids")
        lambdaSubnetIDs = v.list("lambda_subnet_ids")
        enableAPIKeyRequired = v.bool("enable_api_key_required")
        corsAllowOrigins = v.list("cors_allow_origins")
        corsAllowHeaders = v.list("cors_allow_headers")
        corsAllowMethods = v.list("cors_allow_methods")
        environment = v.string("environment")
        costCenter = v.string("cost_center")
        projectName = v.string("project_name")
        owner = v.string("owner")
        additionalTags = v.map("additional_tags")
        createSampleData = v.bool("create_sample_data")
        lambdaLayerARNs = v.list("lambda_layer_arns")
        lambdaEnvironmentVariables = v.map("lambda_environment_variables")
        enablePerformanceInsights = v.bool("enable_performance_insights")
        backupRetentionPeriod = v.int("backup_retention_period")!
        maintenanceWindow = v.string("maintenance_window")
        try crossCheck()
    }

    /// Checks that involve more than one variable, or AWS limits the seed does not validate.
    func crossCheck() throws(ConfigError) {
        let regions = [("primary_region", primaryRegion), ("secondary_region", secondaryRegion),
                       ("witness_region", witnessRegion)]
        for i in 0..<regions.count {
            for j in (i + 1)..<regions.count where regions[i].1 == regions[j].1 {
                throw .inconsistent(
                    variables: [regions[i].0, regions[j].0],
                    message: "the primary, secondary and witness regions must be three different regions, but \(regions[i].0) and \(regions[j].0) are both \(HCLValue.quote(regions[i].1))")
            }
        }
        let suffixLength = "-xxxxxx-secondary".count
        if lambdaFunctionNamePrefix.count + suffixLength > Self.maxFunctionNameLength {
            throw .invalidValue(
                variable: "lambda_function_name_prefix", value: HCLValue.quote(lambdaFunctionNamePrefix),
                rule: "must be at most \(Self.maxFunctionNameLength - suffixLength) characters, or the function name \"\(lambdaFunctionNamePrefix)-xxxxxx-secondary\" exceeds Lambda's \(Self.maxFunctionNameLength)-character limit")
        }
        let dbInitSuffix = "-xxxxxx-db-init".count
        if clusterNamePrefix.count + dbInitSuffix > Self.maxFunctionNameLength {
            throw .invalidValue(
                variable: "cluster_name_prefix", value: HCLValue.quote(clusterNamePrefix),
                rule: "must be at most \(Self.maxFunctionNameLength - dbInitSuffix) characters, or the db-init function name \"\(clusterNamePrefix)-xxxxxx-db-init\" exceeds Lambda's \(Self.maxFunctionNameLength)-character limit")
        }
        let keys = lambdaEnvironmentVariables.keys.sorted()
        if let reserved = LambdaEnvironmentError.check(keys) {
            throw .reservedEnvironmentKeys(reserved)
        }
        for key in keys where !Self.isValidEnvironmentKey(key) {
            throw .invalidValue(
                variable: "lambda_environment_variables", value: HCLValue.quote(key),
                rule: "environment variable keys must start with a letter and contain only letters, digits and \"_\", at least 2 characters")
        }
    }

    /// Lambda's key pattern `[a-zA-Z]([a-zA-Z0-9_])+`.
    static func isValidEnvironmentKey(_ key: String) -> Bool {
        let scalars = Array(key.unicodeScalars)
        guard scalars.count >= 2, let first = scalars.first, first.isASCII, first.properties.isAlphabetic else {
            return false
        }
        return scalars.dropFirst().allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
    }

    /// Typed reads of already-checked values.
    private struct Values {
        let checked: [String: HCLValue]

        func string(_ name: String) -> String {
            if case .string(let s)? = checked[name] { return s }
            return ""
        }
        func bool(_ name: String) -> Bool {
            if case .bool(let b)? = checked[name] { return b }
            return false
        }
        func double(_ name: String) -> Double {
            if case .number(let n)? = checked[name] { return n }
            return 0
        }
        func int(_ name: String) -> Int? {
            if case .number(let n)? = checked[name] { return Int(n) }
            return nil
        }
        func list(_ name: String) -> [String] {
            guard case .list(let items)? = checked[name] else { return [] }
            return items.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
        }
        func map(_ name: String) -> [String: String] {
            guard case .object(let entries)? = checked[name] else { return [:] }
            var out: [String: String] = [:]
            for entry in entries { if case .string(let s) = entry.value { out[entry.key] = s } }
            return out
        }
    }
}
