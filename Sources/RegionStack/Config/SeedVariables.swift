/// The seed's 40 input variables (`variables.tf`), in declaration order.
///
/// Types, defaults and validation rules are exactly those of the seed; three variables that the
/// seed leaves unused are still declared so that any seed tfvars file loads unchanged.
public enum SeedVariables {
    /// Regions where the seed's validation allows Aurora DSQL.
    public static let dsqlRegions = [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2",
        "eu-central-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1",
    ]
    public static let pythonRuntimes = ["python3.8", "python3.9", "python3.10", "python3.11", "python3.12"]
    public static let logRetentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653]

    static let regionRule = VariableRule.oneOf(dsqlRegions, message: "must be a valid AWS region supported by Aurora DSQL")
    static let tagName = VariableRule.pattern("^[a-z][a-z0-9-]{0,31}$", allowEmpty: false)

    private static func strings(_ values: [String]) -> HCLValue { .list(values.map(HCLValue.string)) }

    /// Every declared variable, in the seed's order.
    public static let all: [VariableDeclaration] = [
        .init("primary_region", .string, default: .string("us-east-1"), rules: [regionRule],
              description: "Primary AWS region for Aurora DSQL cluster deployment"),
        .init("secondary_region", .string, default: .string("us-east-2"), rules: [regionRule],
              description: "Secondary AWS region for Aurora DSQL cluster deployment"),
        .init("witness_region", .string, default: .string("us-west-2"), rules: [regionRule],
              description: "Witness region for Aurora DSQL multi-region configuration"),
        .init("cluster_name_prefix", .string, default: .string("multi-region-app"),
              rules: [.pattern("^[a-z][a-z0-9-]{1,62}$", allowEmpty: false)],
              description: "Prefix for Aurora DSQL cluster names"),
        .init("enable_deletion_protection", .bool, default: .bool(true),
              description: "Enable deletion protection for Aurora DSQL clusters"),
        .init("database_name", .string, default: .string("postgres"),
              rules: [.pattern("^[a-zA-Z][a-zA-Z0-9_]{0,62}$", allowEmpty: false)],
              description: "Name of the database to create in Aurora DSQL clusters"),
        .init("lambda_function_name_prefix", .string, default: .string("multi-region-app"),
              rules: [.pattern("^[a-zA-Z0-9-_]{1,63}$", allowEmpty: false)],
              description: "Prefix for Lambda function names"),
        .init("lambda_runtime", .string, default: .string("python3.11"),
              rules: [.oneOf(pythonRuntimes, message: "must be one of " + pythonRuntimes.joined(separator: ", "))],
              description: "Runtime for Lambda functions"),
        .init("lambda_timeout", .number, default: .number(30), rules: [.range(1, 900, allowNull: false), .wholeNumber],
              description: "Timeout for Lambda functions in seconds"),
        .init("lambda_memory_size", .number, default: .number(512),
              rules: [.range(128, 10240, allowNull: false), .wholeNumber],
              description: "Memory size for Lambda functions in MB"),
        .init("lambda_reserved_concurrency", .number, default: .null, nullable: true,
              rules: [.range(0, 1000, allowNull: true), .wholeNumber],
              description: "Reserved concurrency for Lambda functions (null for unreserved)"),
        .init("api_gateway_name_prefix", .string, default: .string("multi-region-api"),
              rules: [.pattern("^[a-zA-Z0-9-_.]{1,128}$", allowEmpty: false)],
              description: "Prefix for API Gateway names"),
        .init("api_gateway_stage_name", .string, default: .string("prod"),
              rules: [.pattern("^[a-zA-Z0-9-_]{1,128}$", allowEmpty: false)],
              description: "Stage name for API Gateway deployment"),
        .init("enable_api_gateway_logging", .bool, default: .bool(true),
              description: "Enable CloudWatch logging for API Gateway"),
        .init("api_gateway_throttle_rate_limit", .number, default: .number(1000), rules: [.greaterThan(0)],
              description: "Request rate limit for API Gateway throttling"),
        .init("api_gateway_throttle_burst_limit", .number, default: .number(2000),
              rules: [.greaterThan(0), .wholeNumber],
              description: "Burst limit for API Gateway throttling"),
        .init("create_route53_health_checks", .bool, default: .bool(false),
              description: "Create Route 53 health checks for API Gateway endpoints"),
        .init("route53_hosted_zone_id", .string, default: .string(""),
              rules: [.pattern("^Z[A-Z0-9]{13}$", allowEmpty: true)],
              description: "Route 53 hosted zone ID for custom domain (optional)"),
        .init("custom_domain_name", .string, default: .string(""),
              rules: [.pattern("^[a-z0-9.-]+\\.[a-z]{2,}$", allowEmpty: true)],
              description: "Custom domain name for API Gateway (optional)"),
        .init("enable_cloudwatch_logs", .bool, default: .bool(true),
              description: "Enable CloudWatch logs for Lambda functions"),
        .init("cloudwatch_log_retention_days", .number, default: .number(7), rules: [.oneOfNumbers(logRetentionDays)],
              description: "CloudWatch log retention period in days"),
        .init("enable_xray_tracing", .bool, default: .bool(true),
              description: "Enable AWS X-Ray tracing for Lambda functions"),
        .init("create_cloudwatch_alarms", .bool, default: .bool(true),
              description: "Create CloudWatch alarms for monitoring"),
        .init("lambda_security_group_ids", .listOfString, default: .list([]),
              description: "List of security group IDs for Lambda functions (if deployed in VPC)"),
        .init("lambda_subnet_ids", .listOfString, default: .list([]),
              description: "List of subnet IDs for Lambda functions (if deployed in VPC)"),
        .init("enable_api_key_required", .bool, default: .bool(false),
              description: "Require API key for API Gateway endpoints"),
        .init("cors_allow_origins", .listOfString, default: strings(["*"]),
              description: "List of allowed origins for CORS configuration"),
        .init("cors_allow_headers", .listOfString,
              default: strings(["Content-Type", "X-Amz-Date", "Authorization", "X-Api-Key", "X-Amz-Security-Token"]),
              description: "List of allowed headers for CORS configuration"),
        .init("cors_allow_methods", .listOfString, default: strings(["GET", "POST", "PUT", "DELETE", "OPTIONS"]),
              description: "List of allowed HTTP methods for CORS configuration"),
        .init("environment", .string, default: .string("prod"),
              rules: [.pattern("^[a-z][a-z0-9-]{0,15}$", allowEmpty: false)],
              description: "Environment name (e.g., dev, staging, prod)"),
        .init("cost_center", .string, default: .string("engineering"), rules: [tagName],
              description: "Cost center for resource allocation and billing"),
        .init("project_name", .string, default: .string("multi-region-aurora-dsql"), rules: [tagName],
              description: "Project name for resource organization"),
        .init("owner", .string, default: .string("platform-team"), rules: [tagName],
              description: "Owner or team responsible for the infrastructure"),
        .init("additional_tags", .mapOfString, default: .object([]), rules: [.maxEntries(20)],
              description: "Additional tags to apply to all resources"),
        .init("create_sample_data", .bool, default: .bool(true),
              description: "Create sample data in the database during initialization"),
        .init("lambda_layer_arns", .listOfString, default: .list([]),
              description: "List of Lambda layer ARNs to attach to functions"),
        .init("lambda_environment_variables", .mapOfString, default: .object([]), rules: [.maxEntries(10)],
              description: "Additional environment variables for Lambda functions"),
        .init("enable_performance_insights", .bool, default: .bool(false),
              description: "Enable Performance Insights for Aurora DSQL clusters (if supported)"),
        .init("backup_retention_period", .number, default: .number(7), rules: [.range(1, 35, allowNull: false), .wholeNumber],
              description: "Backup retention period in days for Aurora DSQL clusters"),
        .init("maintenance_window", .string, default: .string("sun:03:00-sun:04:00"),
              rules: [.pattern("^[a-z]{3}:[0-2][0-9]:[0-5][0-9]-[a-z]{3}:[0-2][0-9]:[0-5][0-9]$", allowEmpty: false)],
              description: "Preferred maintenance window for Aurora DSQL clusters (format: ddd:hh24:mi-ddd:hh24:mi)"),
    ]

    /// The declaration named `name`, if the seed declares it.
    public static func declaration(named name: String) -> VariableDeclaration? {
        byName[name]
    }

    private static let byName: [String: VariableDeclaration] =
        Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}
