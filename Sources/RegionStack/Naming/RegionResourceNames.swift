/// The names, ids, ARNs and endpoints of one data region's resources.
///
/// Grouping them per region lets the runtime build a region (cluster, function, API, log
/// groups) from one value and lets the outputs fill the `primary` / `secondary` entries alike.
public struct RegionResourceNames: Sendable, Equatable {
    public let role: StackRegionRole
    public let region: String

    public let clusterName: String
    public let clusterID: String
    public let clusterARN: String
    /// `<id>.dsql.<region>.on.aws`
    public let clusterEndpoint: String

    public let functionName: String
    public let functionARN: String
    public let functionInvokeARN: String
    public let functionLogGroupName: String
    public let functionLogGroupARN: String

    public let apiName: String
    public let apiDescription: String
    public let apiID: String
    public let apiARN: String
    public let apiExecutionARN: String
    public let stageARN: String
    public let apiLogGroupName: String
    public let apiLogGroupARN: String
    /// `https://<id>.execute-api.<region>.amazonaws.com/<stage>`, what AWS would serve.
    public let awsInvokeURL: String

    /// The Route 53 health check for this region's API (always drawn; used when enabled).
    public let healthCheckID: String
    public let healthCheckFQDN: String
    public let healthCheckAlarmName: String

    /// The source ARN of the `apigateway-invoke` Lambda permission (`<execution arn>/*/*/*`).
    public var invokePermissionSourceARN: String { apiExecutionARN + "/*/*/*" }

    init(role: StackRegionRole, region: String, account: String, hex: String, stage: String,
         configuration c: StackConfiguration, clusterID: String, apiID: String, healthCheckID: String) {
        self.role = role
        self.region = region
        let suffix = "-\(hex)-\(role.rawValue)"
        clusterName = c.clusterNamePrefix + suffix
        self.clusterID = clusterID
        clusterARN = AWSARN.dsqlCluster(region: region, account: account, id: clusterID)
        clusterEndpoint = AWSARN.dsqlEndpoint(region: region, id: clusterID)
        functionName = c.lambdaFunctionNamePrefix + suffix
        functionARN = AWSARN.lambdaFunction(region: region, account: account, name: functionName)
        functionInvokeARN = AWSARN.lambdaInvoke(region: region, functionARN: functionARN)
        functionLogGroupName = AWSARN.lambdaLogGroupName(function: functionName)
        functionLogGroupARN = AWSARN.logGroup(region: region, account: account, name: functionLogGroupName)
        apiName = c.apiGatewayNamePrefix + suffix
        apiDescription = role == .primary ? "Multi-region API - Primary" : "Multi-region API - Secondary"
        self.apiID = apiID
        apiARN = AWSARN.restAPI(region: region, id: apiID)
        apiExecutionARN = AWSARN.executeAPI(region: region, account: account, id: apiID)
        stageARN = AWSARN.stage(region: region, apiID: apiID, stage: stage)
        apiLogGroupName = AWSARN.apiGatewayLogGroupName(apiID: apiID)
        apiLogGroupARN = AWSARN.logGroup(region: region, account: account, name: apiLogGroupName)
        awsInvokeURL = AWSARN.invokeURL(region: region, apiID: apiID, stage: stage)
        self.healthCheckID = healthCheckID
        healthCheckFQDN = AWSARN.executeAPIHost(region: region, apiID: apiID)
        healthCheckAlarmName = "\(role.rawValue)-api-health"
    }
}
