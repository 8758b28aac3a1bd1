import AWSAPI
import APIGateway
import Chaos
import Glibc
import Lambda

/// Builds the edge port's AWS API router for a running stack: each service is one
/// registration over the module that owns its data (Lambda's invokers, the regional gateways,
/// the DSQL cluster registry, STS's identity).
///
/// Each later service adds one `router.register(...)` line here.
public enum StackAWSAPI {
    /// The router over `assembly`'s services; the stack's LocalStack-style fault rules apply
    /// to every call it resolves.
    public static func router(_ assembly: StackAssembly) -> AWSRouter {
        let router = AWSRouter(faults: assembly.faults.map(faultFilter))
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

    /// The fault rules' view of an AWS API call: its signing name (`lambda`, `apigateway`,
    /// `dsql`, `sts`), the credential scope's region and the operation (`Invoke`, `GetRestApis`).
    /// A hit answers the rule's status and code in the service's own error shape, with
    /// LocalStack's outage message.
    static func faultFilter(_ faults: FaultRuleInjector) -> AWSFaultFilter {
        { call in
            let verdict = faults.check(FaultCall(service: call.service, region: call.region, operations: [call.operation]))
            let error = verdict.error.map {
                AWSError(code: $0.code, message: FaultError.message(service: call.service), status: $0.statusCode)
            }
            return AWSFault(error: error, delayMilliseconds: verdict.latencyMs)
        }
    }
}
