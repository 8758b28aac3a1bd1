/// Builds the seed's REST API exactly as its `modules/api_gateway` does, from plain inputs.
///
/// Resources `/health` and `/users`; GET /health, GET /users and POST /users as AWS_PROXY to the
/// region's function (API key required when `apiKeyRequired`); OPTIONS on both as MOCK answering 200
/// with `Access-Control-Allow-Headers/Methods/Origin` = the lists joined with "," (no spaces) and no
/// API key; one stage with the throttle, X-Ray on, and JSON access logs to `/aws/apigateway/<id>`
/// when logging is enabled.
public struct SeedAPIBuilder: Sendable {
    /// The seed module's inputs, with the seed's variable defaults.
    public struct Inputs: Sendable, Equatable {
        public var apiName: String
        public var description: String
        public var region: String
        public var accountID: String
        public var functionARN: String
        public var stageName: String = "prod"
        public var enableLogging: Bool = true
        public var corsOrigins: [String] = ["*"]
        public var corsHeaders: [String] = ["Content-Type", "X-Amz-Date", "Authorization", "X-Api-Key", "X-Amz-Security-Token"]
        public var corsMethods: [String] = ["GET", "POST", "PUT", "DELETE", "OPTIONS"]
        public var throttleRateLimit: Double = 1000
        public var throttleBurstLimit: Int = 2000
        public var apiKeyRequired: Bool = false
        public var stageVariables: [String: String] = [:]
        public var binaryMediaTypes: [String] = []
        /// A fixed API id (for example from outputs of an earlier run); drawn from the generator when nil.
        public var apiID: String?

        public init(apiName: String, description: String, region: String, accountID: String, functionARN: String) {
            self.apiName = apiName
            self.description = description
            self.region = region
            self.accountID = accountID
            self.functionARN = functionARN
        }
    }

    public init() {}

    /// The seed's API. Ids not given come from `ids` in a fixed order (api, root, health, users,
    /// deployment), so one seed always gives the same ids.
    public func build(_ inputs: Inputs, ids: inout GatewayIDGenerator) -> RestAPI {
        let apiID = inputs.apiID ?? ids.apiID()
        var api = RestAPI(
            id: apiID, name: inputs.apiName, description: inputs.description, region: inputs.region,
            accountID: inputs.accountID, rootResourceID: ids.apiID(), binaryMediaTypes: inputs.binaryMediaTypes)
        let healthID = ids.shortID()
        let usersID = ids.shortID()
        // The paths are fresh, so these cannot fail.
        _ = try? api.addResource(id: healthID, parentPath: "/", pathPart: "health")
        _ = try? api.addResource(id: usersID, parentPath: "/", pathPart: "users")

        let proxy = Integration.awsProxy(functionARN: inputs.functionARN)
        let cors = Self.corsPreflight(origins: inputs.corsOrigins, headers: inputs.corsHeaders, methods: inputs.corsMethods)
        for (path, verbs) in [("/health", ["GET"]), ("/users", ["GET", "POST"])] {
            for verb in verbs {
                try? api.putMethod(APIMethod(httpMethod: verb, apiKeyRequired: inputs.apiKeyRequired, integration: proxy), atPath: path)
            }
            try? api.putMethod(APIMethod(httpMethod: "OPTIONS", apiKeyRequired: false, integration: .mock(cors)), atPath: path)
        }
        let accessLog = inputs.enableLogging
            ? AccessLogSettings(destinationLogGroup: AccessLogSettings.seedLogGroup(apiID: apiID), format: AccessLogSettings.seedFormat)
            : nil
        api.stages = [
            Stage(
                name: inputs.stageName, deploymentID: ids.shortID(), variables: inputs.stageVariables,
                throttle: ThrottleSettings(rateLimit: inputs.throttleRateLimit, burstLimit: inputs.throttleBurstLimit),
                accessLog: accessLog, tracingEnabled: true)
        ]
        return api
    }

    /// The MOCK integration response of the seed's OPTIONS methods (header order as in the module).
    public static func corsPreflight(origins: [String], headers: [String], methods: [String]) -> MockIntegrationResponse {
        MockIntegrationResponse(
            statusCode: 200,
            headers: [
                HeaderField("Access-Control-Allow-Headers", headers.joined(separator: ",")),
                HeaderField("Access-Control-Allow-Methods", methods.joined(separator: ",")),
                HeaderField("Access-Control-Allow-Origin", origins.joined(separator: ",")),
            ])
    }
}
