import Foundation

/// The validated, typed configuration of one stack: the seed's 40 variables.
///
/// It is built only through `init(assignments:)` (or `load`), which converts every value to its
/// declared type and applies the seed's validation rules and the cross-checks, so holding a
/// `StackConfiguration` means the configuration is usable. Names follow the seed's variables in
/// Swift case; maps are kept as dictionaries and read in sorted key order.
public struct StackConfiguration: Sendable, Equatable {
    // Regions
    public var primaryRegion: String
    public var secondaryRegion: String
    public var witnessRegion: String
    // Aurora DSQL
    public var clusterNamePrefix: String
    public var enableDeletionProtection: Bool
    public var databaseName: String
    // Lambda
    public var lambdaFunctionNamePrefix: String
    public var lambdaRuntime: String
    public var lambdaTimeout: Int
    public var lambdaMemorySize: Int
    public var lambdaReservedConcurrency: Int?
    // API Gateway
    public var apiGatewayNamePrefix: String
    public var apiGatewayStageName: String
    public var enableAPIGatewayLogging: Bool
    public var apiGatewayThrottleRateLimit: Double
    public var apiGatewayThrottleBurstLimit: Int
    // Route 53
    public var createRoute53HealthChecks: Bool
    public var route53HostedZoneID: String
    public var customDomainName: String
    // Monitoring
    public var enableCloudWatchLogs: Bool
    public var cloudWatchLogRetentionDays: Int
    public var enableXRayTracing: Bool
    public var createCloudWatchAlarms: Bool
    // Security
    public var lambdaSecurityGroupIDs: [String]
    public var lambdaSubnetIDs: [String]
    public var enableAPIKeyRequired: Bool
    public var corsAllowOrigins: [String]
    public var corsAllowHeaders: [String]
    public var corsAllowMethods: [String]
    // Tagging
    public var environment: String
    public var costCenter: String
    public var projectName: String
    public var owner: String
    public var additionalTags: [String: String]
    // Advanced
    public var createSampleData: Bool
    public var lambdaLayerARNs: [String]
    public var lambdaEnvironmentVariables: [String: String]
    public var enablePerformanceInsights: Bool
    public var backupRetentionPeriod: Int
    public var maintenanceWindow: String

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
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadableFile(path: path, reason: "\(error)")
        }
        return try load(tfvarsText: text, source: path, overrides: overrides)
    }
}
