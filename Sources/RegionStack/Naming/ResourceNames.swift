import Determinism

/// Every name, id and ARN of one deployment, derived from the configuration and one seed.
///
/// The seed's Terraform draws a 6-hex `random_id` suffix and AWS assigns cluster and API ids;
/// here all of them come from a `SeededGenerator`, so the same configuration and seed always
/// give the same names. Without a seed one is drawn from the system and kept in `seed`, so a run
/// can be repeated with `--seed`. Each kind of id comes from its own forked stream, so adding a
/// new kind later does not change the existing ones.
public struct ResourceNames: Sendable, Equatable {
    /// The seed everything was drawn from (given or drawn from the system).
    public let seed: UInt64
    /// True when the caller supplied the seed, false when it was drawn from the system.
    public let seedWasGiven: Bool
    public let accountID: String
    /// `random_id.suffix.hex`: 6 lowercase hex digits; also the `deployment_id` output.
    public let hex: String
    /// `${cluster_name_prefix}-${hex}`
    public let namePrefix: String
    public let witnessRegion: String
    public let stageName: String

    public let primary: RegionResourceNames
    public let secondary: RegionResourceNames

    /// `${name_prefix}-db-init`, in the primary region.
    public let dbInitFunctionName: String
    public let dbInitFunctionARN: String
    /// `MultiRegionLambdaRole-${hex}`, one global role for both functions.
    public let roleName: String
    public let roleARN: String
    /// `AuroraDSQLPolicy-${hex}`
    public let policyName: String
    public let policyARN: String

    /// Derives all names. `accountID` should be 12 digits (see `isValidAccountID`).
    public init(configuration: StackConfiguration, seed: UInt64? = nil,
                accountID: String = AWSARN.defaultAccountID) {
        self.seedWasGiven = seed != nil
        let seed = seed ?? RandomIdentifiers.systemSeed()
        self.seed = seed
        self.accountID = accountID
        var root = SeededGenerator(seed: seed)
        var hexStream = root.fork()
        var clusterStream = root.fork()
        var apiStream = root.fork()
        var healthStream = root.fork()
        let hex = RandomIdentifiers.hexSuffix(using: &hexStream)
        self.hex = hex
        namePrefix = "\(configuration.clusterNamePrefix)-\(hex)"
        witnessRegion = configuration.witnessRegion
        stageName = configuration.apiGatewayStageName
        func region(_ role: StackRegionRole) -> RegionResourceNames {
            RegionResourceNames(
                role: role, region: configuration.region(for: role), account: accountID, hex: hex,
                stage: configuration.apiGatewayStageName, configuration: configuration,
                clusterID: RandomIdentifiers.clusterID(using: &clusterStream),
                apiID: RandomIdentifiers.restAPIID(using: &apiStream),
                healthCheckID: RandomIdentifiers.uuid(using: &healthStream))
        }
        primary = region(.primary)
        secondary = region(.secondary)
        dbInitFunctionName = "\(namePrefix)-db-init"
        dbInitFunctionARN = AWSARN.lambdaFunction(region: configuration.primaryRegion, account: accountID,
                                                  name: dbInitFunctionName)
        roleName = "MultiRegionLambdaRole-\(hex)"
        roleARN = AWSARN.iamRole(account: accountID, name: roleName)
        policyName = "AuroraDSQLPolicy-\(hex)"
        policyARN = AWSARN.iamPolicy(account: accountID, name: policyName)
    }

    /// The names of one region's resources.
    public subscript(role: StackRegionRole) -> RegionResourceNames {
        role == .primary ? primary : secondary
    }

    /// Both regions, primary first.
    public var regions: [RegionResourceNames] { [primary, secondary] }

    /// True for a 12-digit AWS account id.
    public static func isValidAccountID(_ id: String) -> Bool {
        id.count == 12 && id.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
