import Testing
@testable import RegionStack

/// Every validation rule of the seed's variables, the type checks, and the cross-checks.
@Suite struct ConfigValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let tfvars: String
        let expected: String
        var testDescription: String { tfvars }
    }

    static func manyEntries(_ n: Int) -> String {
        "{ " + (1...n).map { "K\($0) = \"v\"" }.joined(separator: ", ") + " }"
    }

    static let ruleCases: [Case] = [
        .init(tfvars: #"primary_region = "mars-1""#,
              expected: #"invalid value for variable "primary_region": "mars-1" (must be a valid AWS region supported by Aurora DSQL)"#),
        .init(tfvars: #"secondary_region = "us-east-3""#,
              expected: #"invalid value for variable "secondary_region": "us-east-3" (must be a valid AWS region supported by Aurora DSQL)"#),
        .init(tfvars: #"witness_region = "sa-east-1""#,
              expected: #"invalid value for variable "witness_region": "sa-east-1" (must be a valid AWS region supported by Aurora DSQL)"#),
        .init(tfvars: #"cluster_name_prefix = "1abc""#,
              expected: #"invalid value for variable "cluster_name_prefix": "1abc" (must match ^[a-z][a-z0-9-]{1,62}$)"#),
        .init(tfvars: #"database_name = "9db""#,
              expected: #"invalid value for variable "database_name": "9db" (must match ^[a-zA-Z][a-zA-Z0-9_]{0,62}$)"#),
        .init(tfvars: #"lambda_function_name_prefix = "bad/name""#,
              expected: #"invalid value for variable "lambda_function_name_prefix": "bad/name" (must match ^[a-zA-Z0-9-_]{1,63}$)"#),
        .init(tfvars: #"lambda_runtime = "python3.13""#,
              expected: #"invalid value for variable "lambda_runtime": "python3.13" (must be one of python3.8, python3.9, python3.10, python3.11, python3.12)"#),
        .init(tfvars: "lambda_timeout = 0",
              expected: #"invalid value for variable "lambda_timeout": 0 (must be between 1 and 900)"#),
        .init(tfvars: "lambda_timeout = 901",
              expected: #"invalid value for variable "lambda_timeout": 901 (must be between 1 and 900)"#),
        .init(tfvars: "lambda_timeout = 30.5",
              expected: #"invalid value for variable "lambda_timeout": 30.5 (must be a whole number)"#),
        .init(tfvars: "lambda_memory_size = 127",
              expected: #"invalid value for variable "lambda_memory_size": 127 (must be between 128 and 10240)"#),
        .init(tfvars: "lambda_memory_size = 10241",
              expected: #"invalid value for variable "lambda_memory_size": 10241 (must be between 128 and 10240)"#),
        .init(tfvars: "lambda_reserved_concurrency = -1",
              expected: #"invalid value for variable "lambda_reserved_concurrency": -1 (must be null or between 0 and 1000)"#),
        .init(tfvars: "lambda_reserved_concurrency = 1001",
              expected: #"invalid value for variable "lambda_reserved_concurrency": 1001 (must be null or between 0 and 1000)"#),
        .init(tfvars: #"api_gateway_name_prefix = "bad name""#,
              expected: #"invalid value for variable "api_gateway_name_prefix": "bad name" (must match ^[a-zA-Z0-9-_.]{1,128}$)"#),
        .init(tfvars: #"api_gateway_stage_name = "prod/v1""#,
              expected: #"invalid value for variable "api_gateway_stage_name": "prod/v1" (must match ^[a-zA-Z0-9-_]{1,128}$)"#),
        .init(tfvars: "api_gateway_throttle_rate_limit = 0",
              expected: #"invalid value for variable "api_gateway_throttle_rate_limit": 0 (must be greater than 0)"#),
        .init(tfvars: "api_gateway_throttle_burst_limit = -5",
              expected: #"invalid value for variable "api_gateway_throttle_burst_limit": -5 (must be greater than 0)"#),
        .init(tfvars: #"route53_hosted_zone_id = "Z123""#,
              expected: #"invalid value for variable "route53_hosted_zone_id": "Z123" (must be empty or match ^Z[A-Z0-9]{13}$)"#),
        .init(tfvars: #"custom_domain_name = "Not A Domain""#,
              expected: #"invalid value for variable "custom_domain_name": "Not A Domain" (must be empty or match ^[a-z0-9.-]+\.[a-z]{2,}$)"#),
        .init(tfvars: "cloudwatch_log_retention_days = 2",
              expected: #"invalid value for variable "cloudwatch_log_retention_days": 2 (must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653)"#),
        .init(tfvars: #"environment = "Prod""#,
              expected: #"invalid value for variable "environment": "Prod" (must match ^[a-z][a-z0-9-]{0,15}$)"#),
        .init(tfvars: #"environment = "a-very-long-environment""#,
              expected: #"invalid value for variable "environment": "a-very-long-environment" (must match ^[a-z][a-z0-9-]{0,15}$)"#),
        .init(tfvars: #"cost_center = "-eng""#,
              expected: #"invalid value for variable "cost_center": "-eng" (must match ^[a-z][a-z0-9-]{0,31}$)"#),
        .init(tfvars: #"project_name = "My Project""#,
              expected: #"invalid value for variable "project_name": "My Project" (must match ^[a-z][a-z0-9-]{0,31}$)"#),
        .init(tfvars: #"owner = "team_a""#,
              expected: #"invalid value for variable "owner": "team_a" (must match ^[a-z][a-z0-9-]{0,31}$)"#),
        .init(tfvars: "additional_tags = " + manyEntries(21),
              expected: #"invalid value for variable "additional_tags": a map with 21 entries (must have at most 20 entries)"#),
        .init(tfvars: "lambda_environment_variables = " + manyEntries(11),
              expected: #"invalid value for variable "lambda_environment_variables": a map with 11 entries (must have at most 10 entries)"#),
        .init(tfvars: "backup_retention_period = 0",
              expected: #"invalid value for variable "backup_retention_period": 0 (must be between 1 and 35)"#),
        .init(tfvars: "backup_retention_period = 36",
              expected: #"invalid value for variable "backup_retention_period": 36 (must be between 1 and 35)"#),
        .init(tfvars: #"maintenance_window = "sunday 3am""#,
              expected: #"invalid value for variable "maintenance_window": "sunday 3am" (must match ^[a-z]{3}:[0-2][0-9]:[0-5][0-9]-[a-z]{3}:[0-2][0-9]:[0-5][0-9]$)"#),
        // Type errors name the expected type.
        .init(tfvars: #"lambda_timeout = "abc""#,
              expected: #"invalid value for variable "lambda_timeout": "abc" (a number is required; the variable's type is number)"#),
        .init(tfvars: #"enable_xray_tracing = "yes""#,
              expected: #"invalid value for variable "enable_xray_tracing": "yes" (a bool is required; the variable's type is bool)"#),
        .init(tfvars: #"cors_allow_origins = "*""#,
              expected: #"invalid value for variable "cors_allow_origins": "*" (a list of string is required; the variable's type is list(string))"#),
        .init(tfvars: #"lambda_subnet_ids = [{}]"#,
              expected: #"invalid value for variable "lambda_subnet_ids": [{}] (element 0: a string is required; the variable's type is list(string))"#),
        .init(tfvars: #"additional_tags = ["a"]"#,
              expected: #"invalid value for variable "additional_tags": ["a"] (a map of string is required; the variable's type is map(string))"#),
        .init(tfvars: #"additional_tags = { Team = ["a"] }"#,
              expected: #"invalid value for variable "additional_tags": { "Team" = ["a"] } (element "Team": a string is required; the variable's type is map(string))"#),
        .init(tfvars: #"primary_region = ["us-east-1"]"#,
              expected: #"invalid value for variable "primary_region": ["us-east-1"] (a string is required; the variable's type is string)"#),
        .init(tfvars: "lambda_timeout = null",
              expected: #"invalid value for variable "lambda_timeout": null (a number is required; null is not allowed; the variable's type is number)"#),
        // Cross-checks.
        .init(tfvars: #"secondary_region = "us-east-1""#,
              expected: #"invalid combination of variables "primary_region", "secondary_region": the primary, secondary and witness regions must be three different regions, but primary_region and secondary_region are both "us-east-1""#),
        .init(tfvars: #"witness_region = "us-east-2""#,
              expected: #"invalid combination of variables "secondary_region", "witness_region": the primary, secondary and witness regions must be three different regions, but secondary_region and witness_region are both "us-east-2""#),
        .init(tfvars: #"lambda_environment_variables = { "1X" = "v" }"#,
              expected: #"invalid value for variable "lambda_environment_variables": "1X" (environment variable keys must start with a letter and contain only letters, digits and "_", at least 2 characters)"#),
    ]

    @Test(arguments: ruleCases)
    func ruleViolationNamesVariableValueAndRule(_ c: Case) {
        do {
            _ = try StackConfiguration.load(tfvarsText: c.tfvars)
            Issue.record("expected \(c.expected)")
        } catch {
            #expect(error.description == c.expected)
        }
    }

    @Test func boundaryValuesAreAccepted() throws {
        let c = try StackConfiguration.load(tfvarsText: """
        lambda_timeout = 900
        lambda_memory_size = 128
        lambda_reserved_concurrency = 0
        api_gateway_throttle_rate_limit = 0.5
        backup_retention_period = 35
        cloudwatch_log_retention_days = 3653
        route53_hosted_zone_id = "Z1234567890ABC"
        custom_domain_name = "api.example.com"
        lambda_function_name_prefix = "Fn_name-1"
        additional_tags = \(Self.manyEntries(20))
        lambda_environment_variables = { LOG_LEVEL = "INFO", CUSTOM_SETTING = 5 }
        """)
        #expect(c.lambdaTimeout == 900)
        #expect(c.lambdaMemorySize == 128)
        #expect(c.lambdaReservedConcurrency == 0)
        #expect(c.apiGatewayThrottleRateLimit == 0.5)
        #expect(c.backupRetentionPeriod == 35)
        #expect(c.cloudWatchLogRetentionDays == 3653)
        #expect(c.additionalTags.count == 20)
        #expect(c.lambdaEnvironmentVariables == ["LOG_LEVEL": "INFO", "CUSTOM_SETTING": "5"])
    }

    @Test func primitiveConversionsFollowTerraform() throws {
        let c = try StackConfiguration.load(tfvarsText: """
        lambda_timeout = "60"
        enable_xray_tracing = "false"
        cors_allow_origins = [1, true]
        lambda_reserved_concurrency = null
        """)
        #expect(c.lambdaTimeout == 60)
        #expect(c.enableXRayTracing == false)
        #expect(c.corsAllowOrigins == ["1", "true"])
        #expect(c.lambdaReservedConcurrency == nil)
    }

    @Test func reservedLambdaEnvironmentKeysGiveAWSError() {
        do {
            _ = try StackConfiguration.load(tfvarsText: """
            lambda_environment_variables = { AWS_REGION = "x", LOG_LEVEL = "INFO", AWS_ACCESS_KEY_ID = "y" }
            """)
            Issue.record("reserved keys were accepted")
        } catch {
            guard case .reservedEnvironmentKeys(let aws) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(aws.code == "InvalidParameterValueException")
            #expect(aws.httpStatus == 400)
            #expect(aws.reservedKeys == ["AWS_ACCESS_KEY_ID", "AWS_REGION"])
            #expect(aws.message == "Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: AWS_ACCESS_KEY_ID, AWS_REGION")
            #expect(error.variable == "lambda_environment_variables")
        }
    }

    @Test func everyReservedKeyIsRefusedAlone() {
        #expect(LambdaEnvironmentError.reservedKeySet.count == 18)
        for key in LambdaEnvironmentError.reservedKeySet.sorted() {
            let error = LambdaEnvironmentError.check([key, "MY_SETTING"])
            #expect(error?.message.hasSuffix("Reserved keys used in this request: \(key)") == true, "\(key)")
        }
        #expect(LambdaEnvironmentError.check(["LOG_LEVEL", "DSQL_ENDPOINT"]) == nil)
    }

    @Test func undeclaredVariableInFileIsAnError() {
        do {
            _ = try StackConfiguration.load(tfvarsText: "lambda_timeout = 30\nlambda_timout = 31\n")
            Issue.record("undeclared variable accepted")
        } catch {
            #expect(error == .undeclaredVariable(name: "lambda_timout", location: "terraform.tfvars:2:1"))
            #expect(error.description.contains("Value for undeclared variable"))
        }
    }

    @Test func tooLongFunctionPrefixIsRefusedAgainstLambdaNameLimit() {
        let prefix = String(repeating: "f", count: 48)
        #expect(throws: ConfigError.self) { try StackConfiguration.load(tfvarsText: "lambda_function_name_prefix = \"\(prefix)\"") }
        let ok = String(repeating: "f", count: 47)
        #expect(throws: Never.self) { try StackConfiguration.load(tfvarsText: "lambda_function_name_prefix = \"\(ok)\"") }
        let cluster = String(repeating: "c", count: 50)
        #expect(throws: ConfigError.self) { try StackConfiguration.load(tfvarsText: "cluster_name_prefix = \"\(cluster)\"") }
    }

    @Test func syntaxErrorsSurfaceAsConfigErrors() {
        do {
            _ = try StackConfiguration.load(tfvarsText: "primary_region = \"us-east-1\n", source: "my.tfvars")
            Issue.record("bad syntax accepted")
        } catch {
            guard case .syntax(let parse) = error else { Issue.record("wrong error \(error)"); return }
            #expect(parse.kind == .unterminatedString)
            #expect(error.description.hasPrefix("my.tfvars:1:18: "))
        }
    }
}
