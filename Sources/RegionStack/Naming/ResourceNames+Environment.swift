/// The environment variables and tags the seed gives its resources.
///
/// The seed computes these in `main.tf` from the configuration and the names; having them here
/// keeps the Lambda, DSQL and API layers from re-deriving them differently.
extension ResourceNames {
    /// The environment of a region's API function, as the seed merges it:
    /// `{DSQL_ENDPOINT, AWS_REGION, DATABASE_NAME, REGION_TYPE}` then
    /// `lambda_environment_variables` (which win on a clash).
    ///
    /// The seed's explicit `AWS_REGION` is a reserved key that AWS refuses (the runtime sets it
    /// itself); it is left out unless `includeSeedReservedKeys` is true, which reproduces the
    /// seed's request so the Lambda layer can answer it with `LambdaEnvironmentError`.
    public func functionEnvironment(_ role: StackRegionRole, configuration c: StackConfiguration,
                                    includeSeedReservedKeys: Bool = false) -> [String: String] {
        let r = self[role]
        var env: [String: String] = [
            "DSQL_ENDPOINT": r.clusterEndpoint,
            "DATABASE_NAME": c.databaseName,
            "REGION_TYPE": role.rawValue,
        ]
        if includeSeedReservedKeys { env["AWS_REGION"] = r.region }
        env.merge(c.lambdaEnvironmentVariables) { _, user in user }
        return env
    }

    /// The db-init function's environment (primary region):
    /// `{DSQL_ENDPOINT, DATABASE_NAME, CREATE_SAMPLE_DATA = "true"|"false"}`.
    public func dbInitEnvironment(configuration c: StackConfiguration) -> [String: String] {
        [
            "DSQL_ENDPOINT": primary.clusterEndpoint,
            "DATABASE_NAME": c.databaseName,
            "CREATE_SAMPLE_DATA": c.createSampleData ? "true" : "false",
        ]
    }

    /// The seed's `common_tags`: ten fixed tags merged with `additional_tags` (which win).
    public func commonTags(configuration c: StackConfiguration) -> [String: String] {
        var tags: [String: String] = [
            "Environment": c.environment,
            "Application": "multi-region-aurora-dsql",
            "DeployedBy": "terraform",
            "Recipe": "building-multi-region-applications-aurora-dsql",
            "CostCenter": c.costCenter,
            "ProjectName": c.projectName,
            "Owner": c.owner,
            "PrimaryRegion": c.primaryRegion,
            "SecondaryRegion": c.secondaryRegion,
            "WitnessRegion": c.witnessRegion,
        ]
        tags.merge(c.additionalTags) { _, extra in extra }
        return tags
    }

    /// A cluster's tags: common tags plus `Name`, `Region` and `Type`.
    public func clusterTags(_ role: StackRegionRole, configuration c: StackConfiguration) -> [String: String] {
        var tags = commonTags(configuration: c)
        let r = self[role]
        tags["Name"] = r.clusterName
        tags["Region"] = r.region
        tags["Type"] = role.rawValue
        return tags
    }
}
