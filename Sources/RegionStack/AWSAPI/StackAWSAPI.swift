import AWSAPI
import APIGateway
import Glibc
import Lambda

/// Builds the edge port's AWS API router for a running stack: each service is one
/// registration over the module that owns its data (Lambda's invokers, the regional gateways,
/// the DSQL cluster registry, STS's identity).
///
/// Each later service adds one `router.register(...)` line here.
public enum StackAWSAPI {
    /// The router over `assembly`'s services.
    public static func router(_ assembly: StackAssembly) -> AWSRouter {
        let router = AWSRouter()
        let accountID = assembly.names.accountID
        var invokers: [String: LambdaInvoker] = [:]
        var gateways: [String: [GatewayService]] = [:]
        for region in assembly.regions {
            invokers[region.names.region] = region.invoker
            gateways[region.names.region, default: []].append(region.gateway)
        }
        router.register(LambdaAPI(invokers: invokers, accountID: accountID).service)
        router.register(APIGatewayAPI(gateways: gateways, createdDate: Int64(time(nil))).service)
        router.register(STSAPI(accountID: accountID).service)
        router.register(
            LogsAPI(stores: Dictionary(uniqueKeysWithValues: assembly.regions.map { ($0.names.region, $0.logs) }), accountID: accountID)
                .service)
        router.register(CloudWatchAPI(store: assembly.metrics.store, alarms: assembly.alarms).service)
        if let clusters = assembly.clusters { router.register(DSQLAPI(registry: clusters).service) }
        return router
    }
}
