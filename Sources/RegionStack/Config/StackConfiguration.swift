import Foundation

/// The validated, typed configuration of one stack: the seed's 40 variables.
///
/// It is built only through `init(assignments:)` (or `load`), which converts every value to its
/// declared type and applies the seed's validation rules and the cross-checks, so holding a
/// `StackConfiguration` means the configuration is usable. Names follow the seed's variables in
/// Swift case; maps are kept as dictionaries and read in sorted key order.
public struct StackConfiguration: Sendable, Equatable {
    // Regions
    public internal(set) var primaryRegion: String
    public internal(set) var secondaryRegion: String
    public internal(set) var witnessRegion: String
    // Aurora DSQL
    public internal(set) var clusterNamePrefix: String
    public internal(set) var enableDeletionProtection: Bool
    public internal(set) var databaseName: String
    // Lambda
    public internal(set) var lambdaFunctionNamePrefix: String
    public internal(set) var lambdaRuntime: String
    public internal(set) var lambdaTimeout: Int
    public internal(set) var lambdaMemorySize: Int
    public internal(set) var lambdaReservedConcurrency: Int?
    // API Gateway
    public internal(set) var apiGatewayNamePrefix: String
    public internal(set) var apiGatewayStageName: String
    public internal(set) var enableAPIGatewayLogging: Bool
    public internal(set) var apiGatewayThrottleRateLimit: Double
    public internal(set) var apiGatewayThrottleBurstLimit: Int
    // Route 53
    public internal(set) var createRoute53HealthChecks: Bool
    public internal(set) var route53HostedZoneID: String
    public internal(set) var customDomainName: String
    // Monitoring
    public internal(set) var enableCloudWatchLogs: Bool
    public internal(set) var cloudWatchLogRetentionDays: Int
    public internal(set) var enableXRayTracing: Bool
    public internal(set) var createCloudWatchAlarms: Bool
    // Security
    public internal(set) var lambdaSecurityGroupIDs: [String]
    public internal(set) var lambdaSubnetIDs: [String]
    public internal(set) var enableAPIKeyRequired: Bool
    public internal(set) var corsAllowOrigins: [String]
    public internal(set) var corsAllowHeaders: [String]
    public internal(set) var corsAllowMethods: [String]
    // Tagging
    public internal(set) var environment: String
    public internal(set) var costCenter: String
    public internal(set) var projectName: String
    public internal(set) var owner: String
    public internal(set) var additionalTags: [String: String]
    // Advanced
    public internal(set) var createSampleData: Bool
    public internal(set) var lambdaLayerARNs: [String]
    public internal(set) var lambdaEnvironmentVariables: [String: String]
    public internal(set) var enablePerformanceInsights: Bool
    public internal(set) var backupRetentionPeriod: Int
    public internal(set) var maintenanceWindow: String

    /// The configuration with every variable at its declared default.
    public static let defaults: StackConfiguration = {
        do { return try StackConfiguration(assignments: VariableAssignments()) } catch {
            fatalError("the seed's defaults must validate: \(error)")
        }
    }()

    /// The AWS region of a deployment role (the witness hosts no API or function).
    public func region(for role: StackRegionRole) -> String {
        role == .primary ? primaryRegion : secondaryRegion
    }

    /// Loads a configuration the way `terraform apply -var-file=FILE -var k=v ...` would:
    /// defaults, then the file's text (if any), then the overrides in order.
    public static func load(tfvarsText: String?, source: String = "terraform.tfvars",
                            overrides: [String] = []) throws(ConfigError) -> StackConfiguration {
        var assignments = VariableAssignments()
        if let text = tfvarsText { try assignments.addFile(text, source: source) }
        try assignments.addOverrides(overrides)
        return try StackConfiguration(assignments: assignments)
    }

    /// Reads the tfvars file at `path` (nil: no file) and loads it with `overrides`.
    public static func load(path: String?, overrides: [String] = []) throws(ConfigError) -> StackConfiguration {
        guard let path else { return try load(tfvarsText: nil, overrides: overrides) }
        let text: String
        guard FileManager.default.fileExists(atPath: path) else {
            throw .unreadableFile(path: path, reason: "no such file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadableFile(path: path, reason: "permission denied or not a regular file")
        }
        guard let decoded = String(data: data, encoding: .utf8) else {
            throw .unreadableFile(path: path, reason: "not UTF-8 text")
        }
        text = decoded
        return try load(tfvarsText: text, source: path, overrides: overrides)
    }
}
