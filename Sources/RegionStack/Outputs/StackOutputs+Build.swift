/// The output values themselves, one function per group of the seed's `outputs.tf`.
extension StackOutputs {
    static let createUserBody = #"{"name":"Test User","email":"test@example.com"}"#

    static func build(_ c: StackConfiguration, _ n: ResourceNames, _ e: LocalEndpoints,
                      _ timestamp: String, _ status: String) -> [String: OutputValue] {
        var out: [String: OutputValue] = [:]
        let roles = StackRegionRole.allCases
        func perRole(_ make: (RegionResourceNames) -> OutputValue) -> OutputValue {
            .object(Dictionary(uniqueKeysWithValues: roles.map { ($0.rawValue, make(n[$0])) }))
        }
        func stageURL(_ r: RegionResourceNames) -> String { e.stageURL(r.role, stage: c.apiGatewayStageName) }

        out["aurora_dsql_clusters"] = perRole { r in
            .object(["arn": .string(r.clusterARN), "cluster_id": .string(r.clusterID),
                     "endpoint": .string(r.clusterEndpoint), "status": .string(status),
                     "region": .string(r.region), "creation_time": .string(timestamp),
                     "witness_region": .string(c.witnessRegion)])
        }
        for r in n.regions {
            let p = r.role.rawValue
            out["\(p)_cluster_arn"] = .string(r.clusterARN)
            out["\(p)_cluster_endpoint"] = .string(r.clusterEndpoint)
            out["\(p)_lambda_function_name"] = .string(r.functionName)
            out["\(p)_api_endpoint"] = .string(stageURL(r))
            out["\(p)_lambda_log_group"] = .string(r.functionLogGroupName)
        }
        out["witness_region"] = .string(c.witnessRegion)
        if let pg = e.postgres { out["aurora_dsql_postgres_endpoints"] = postgresOutputs(pg) }

        out["lambda_functions"] = perRole { r in
            .object(["function_name": .string(r.functionName), "function_arn": .string(r.functionARN),
                     "invoke_arn": .string(r.functionInvokeARN), "region": .string(r.region),
                     "runtime": .string(c.lambdaRuntime), "timeout": .int(c.lambdaTimeout),
                     "memory_size": .int(c.lambdaMemorySize), "version": .string("$LATEST")])
        }
        out["lambda_execution_role_arn"] = .string(n.roleARN)

        out["api_gateway_endpoints"] = perRole { r in
            let local = stageURL(r)
            return .object(["api_id": .string(r.apiID), "api_arn": .string(r.apiARN),
                            "execution_arn": .string(r.apiExecutionARN),
                            "endpoint_url": .string(local), "health_url": .string(local + "/health"),
                            "users_url": .string(local + "/users"),
                            "aws_endpoint_url": .string(r.awsInvokeURL),
                            "aws_health_url": .string(r.awsInvokeURL + "/health"),
                            "aws_users_url": .string(r.awsInvokeURL + "/users"),
                            "region": .string(r.region), "stage_name": .string(c.apiGatewayStageName)])
        }
        out["api_gateway_stage_name"] = .string(c.apiGatewayStageName)

        out["cloudwatch_log_groups"] = perRole { r in
            .object(["name": .string(r.functionLogGroupName), "arn": .string(r.functionLogGroupARN),
                     "retention_in_days": .int(c.cloudWatchLogRetentionDays), "region": .string(r.region)])
        }
        out["route53_health_checks"] = c.createRoute53HealthChecks
            ? perRole { r in healthCheck(r, e) }
            : .object([:])
        out["global_endpoint"] = .optional(e.globalURL)
        out["iam_resources"] = .object([
            "lambda_execution_role": .object(["name": .string(n.roleName), "arn": .string(n.roleARN)]),
            "aurora_dsql_policy": .object(["name": .string(n.policyName), "arn": .string(n.policyARN)]),
        ])
        out["database_configuration"] = .object([
            "database_name": .string(c.databaseName), "deletion_protection": .bool(c.enableDeletionProtection),
            "sample_data_created": .bool(c.createSampleData), "backup_retention": .int(c.backupRetentionPeriod),
            "maintenance_window": .string(c.maintenanceWindow),
        ])
        out["regions_configuration"] = .object([
            "primary_region": .string(c.primaryRegion), "secondary_region": .string(c.secondaryRegion),
            "witness_region": .string(c.witnessRegion), "deployment_mode": .string("active-active"),
            "architecture": .string("multi-region-aurora-dsql"),
        ])
        out["validation_commands"] = validationCommands(n.regions.map { ($0.role, stageURL($0)) }, apiKeys: e.apiKeys)
        out["cost_estimation"] = costEstimation(c)
        out["deployment_metadata"] = .object([
            "deployment_id": .string(n.hex), "environment": .string(c.environment),
            "project_name": .string(c.projectName), "cost_center": .string(c.costCenter),
            "owner": .string(c.owner), "deployed_by": .string("terraform"),
            "recipe_name": .string("building-multi-region-applications-aurora-dsql"),
            "terraform_version": .string("1.0+"), "aws_provider_version": .string("~> 5.0"),
            "deployment_timestamp": .string(timestamp),
            "seed": .string(String(n.seed)), "account_id": .string(n.accountID),
        ])
        out["troubleshooting_information"] = troubleshooting(n, e)
        out["next_steps"] = nextSteps
        out["admin_url"] = .string(e.adminURL)
        out["edge_url"] = .optional(e.edgeURL)
        return out
    }

    /// A region's health check: the seed's id, fqdn and alarm, plus how it probes locally and
    /// where its live status is (`/_regionstack/status`, metric `AWS/Route53 HealthCheckStatus`).
    static func healthCheck(_ r: RegionResourceNames, _ e: LocalEndpoints) -> OutputValue {
        var entry: [String: OutputValue] = [
            "id": .string(r.healthCheckID), "arn": .string(AWSARN.route53HealthCheck(id: r.healthCheckID)),
            "fqdn": .string(r.healthCheckFQDN), "cloudwatch_alarm": .string(r.healthCheckAlarmName),
            "region": .string(r.region), "type": .string("HTTP"),
            "status_url": .string(e.adminURL + "/_regionstack/status"),
            "metric": .string("AWS/Route53 HealthCheckStatus HealthCheckId=\(r.healthCheckID)"),
        ]
        if let check = e.healthChecks.first(where: { $0.id == r.healthCheckID }) {
            entry["resource_path"] = .string(check.resourcePath)
            entry["port"] = .int(check.port)
            entry["request_interval_ms"] = .int(Int(check.intervalNanos / 1_000_000))
            entry["failure_threshold"] = .int(check.failureThreshold)
            entry["probe_url"] = .string((e.regionBaseURLs[r.role] ?? "") + check.resourcePath)
        }
        return .object(entry)
    }

    /// The seed's six curl commands, pointed at the local URLs and with the scheme; with the
    /// region's `x-api-key` header when API keys are required, so they work verbatim.
    static func validationCommands(_ urls: [(StackRegionRole, String)], apiKeys: [StackRegionRole: String] = [:]) -> OutputValue {
        var out: [String: OutputValue] = [:]
        for (role, url) in urls {
            let r = role.rawValue
            let key = apiKeys[role].map { " -H \"x-api-key: \($0)\"" } ?? ""
            out["\(r)_health_check"] = .string("curl -X GET \"\(url)/health\"\(key)")
            out["\(r)_users_list"] = .string("curl -X GET \"\(url)/users\"\(key)")
            out["create_user_\(r)"] = .string(
                "curl -X POST \"\(url)/users\" -H \"Content-Type: application/json\"\(key) -d '\(createUserBody)'")
        }
        return .object(out)
    }

    static func costEstimation(_ c: StackConfiguration) -> OutputValue {
        .object([
            "aurora_dsql_clusters": .string("Variable based on usage (pay-per-request)"),
            "lambda_functions": .string("Free tier: 1M requests + 400,000 GB-seconds per month"),
            "api_gateway": .string("Free tier: 1M API calls per month, then $3.50 per million"),
            "cloudwatch_logs": .string("First 5GB per month free, then $0.50 per GB"),
            "route53_health_checks": .string(c.createRoute53HealthChecks ? "$0.50 per health check per month" : "Not enabled"),
            "estimated_monthly_range": .string("$10-50 for moderate usage"),
            "note": .string("Actual costs depend on usage patterns and data transfer"),
        ])
    }

    /// The seed's debugging commands against the local stack: `aws dsql get-cluster` with DSQL's
    /// real `--identifier` flag and `--endpoint-url` at the edge port; the function logs through
    /// the admin log reader (CloudWatch Logs' API is not served yet).
    static func troubleshooting(_ n: ResourceNames, _ e: LocalEndpoints) -> OutputValue {
        func perRole(_ make: (RegionResourceNames) -> String) -> OutputValue {
            .object(Dictionary(uniqueKeysWithValues: n.regions.map { ($0.role.rawValue, OutputValue.string(make($0))) }))
        }
        let endpoint = e.edgeURL.map { " --endpoint-url \($0)" } ?? ""
        return .object([
            "lambda_log_groups": perRole { "curl \"\(e.adminURL)/_regionstack/logs?group=\($0.functionLogGroupName)&limit=20\"" },
            "cluster_status_commands": perRole {
                "aws dsql get-cluster --region \($0.region) --identifier \($0.clusterID)\(endpoint)"
            },
            "lambda_invoke_commands": perRole {
                "aws lambda invoke --region \($0.region) --function-name \($0.functionName) --log-type Tail"
                    + " --payload '{\"httpMethod\":\"GET\",\"path\":\"/health\",\"resource\":\"/health\"}' /dev/stdout\(endpoint)"
            },
            "common_issues": .object([
                "cluster_pending": .string("Aurora DSQL clusters may take 5-10 minutes to become active"),
                "lambda_timeout": .string("Increase lambda_timeout variable if functions are timing out"),
                "api_gateway_errors": .string("Check Lambda function logs and Aurora DSQL cluster status"),
                "cross_region_consistency": .string("Data should appear consistently across regions within seconds"),
            ]),
        ])
    }

    static let nextSteps: OutputValue = .object([
        "testing": .list([
            "Test health endpoints to verify deployment", "Create test users in both regions",
            "Verify data consistency across regions", "Test API Gateway rate limiting and error handling",
        ].map(OutputValue.string)),
        "monitoring": .list([
            "Set up CloudWatch dashboards for Lambda and Aurora DSQL metrics",
            "Configure additional CloudWatch alarms for critical metrics",
            "Enable AWS X-Ray for distributed tracing", "Review cost and usage reports",
        ].map(OutputValue.string)),
        "security": .list([
            "Implement API Gateway authentication if needed", "Review IAM policies and apply least privilege",
            "Enable VPC deployment for Lambda functions if required", "Configure WAF rules for API Gateway if needed",
        ].map(OutputValue.string)),
        "scaling": .list([
            "Monitor Lambda concurrency and adjust if needed", "Implement caching with ElastiCache if required",
            "Consider CloudFront for global content delivery", "Add additional regions as needed",
        ].map(OutputValue.string)),
    ])
}
