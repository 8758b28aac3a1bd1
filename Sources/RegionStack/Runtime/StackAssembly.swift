import APIGateway
import Chaos
import Determinism
import DSQL
import Glibc
import Lambda
import Observability
import UsersService

/// The stack's services before any listener opens: per region a Lambda invoker with the API
/// function (and db-init in the primary), and a gateway for the region's API.
///
/// Built from the configuration exactly as the seed's `main.tf` wires it: function names,
/// environment (without the reserved `AWS_REGION`), timeout, memory, reserved concurrency and
/// tracing from the variables; the API from `SeedAPIBuilder` with the stage, CORS lists,
/// throttle and API-key flag; a usage plan and key when keys are required (the seed creates none,
/// so no request could pass).
public struct StackAssembly: Sendable {
    /// One data region's services.
    public struct Region: Sendable {
        public let role: StackRegionRole
        public let names: RegionResourceNames
        public let invoker: LambdaInvoker
        public let gateway: GatewayService
        /// The region's CloudWatch Logs (its function's group, its API's access logs).
        public let logs: LogStore
        /// The usage-plan key when `enable_api_key_required` is true.
        public let apiKey: APIKey?
    }

    public let configuration: StackConfiguration
    public let names: ResourceNames
    /// Every region's metrics (CloudWatch and Prometheus views).
    public let metrics: MetricsHub
    /// The seed's CloudWatch alarms (nil when `create_cloudwatch_alarms` is false or
    /// observability is off); evaluated once `startAlarms()` runs.
    public var alarms: AlarmService? = nil
    public let regions: [Region]
    public let directory: GatewayDirectory

    /// The region with `role`.
    public func region(_ role: StackRegionRole) -> Region { regions.first { $0.role == role }! }

    /// The log store holding `group` (log group names are unique across the stack's regions).
    public func logs(holding group: String) -> LogStore? {
        regions.first { !$0.logs.describeLogGroups(prefix: group).filter { $0.logGroupName == group }.isEmpty }?.logs
    }

    /// The API integration over every region's invoker.
    public var integration: LambdaIntegration {
        LambdaIntegration(
            invokers: Dictionary(uniqueKeysWithValues: regions.map { ($0.names.region, $0.invoker) }),
            timeoutOverride: integrationTimeout)
    }

    /// The gateway's integration timeout when not the standard 29 s (tests).
    public var integrationTimeout: Duration? = nil

    /// The DSQL cluster behind the users service, when the stack started one (not when the
    /// embedding code supplied its own users database).
    public var dsql: DSQLCluster? = nil

    /// LocalStack-style fault rules and effects for the APIs and the Invoke API (set by the runtime).
    public var faults: FaultRuleInjector? = nil

    /// The Route 53 health checks and the failover record (set by the runtime once listeners are up).
    public var healthChecks: Route53HealthChecks? = nil
    /// The DSQL clusters of the control plane (the stack's pair and created ones), when the stack
    /// runs its own DSQL cluster.
    public var clusters: ClusterRegistry? = nil

    /// Builds every region's services. Throws `StackError` (database, Lambda or gateway refusals).
    public static func build(_ options: StackOptions) async throws(StackError) -> StackAssembly {
        let c = options.configuration
        guard let databaseFactory = options.usersDatabase else { throw .databaseNotWired }
        let names = ResourceNames(configuration: c, seed: options.seed, accountID: options.accountID)
        let metrics = MetricsHub(
            enabled: options.observability, store: MetricStore(resolutionSeconds: options.metricPeriodSeconds))
        var seeds = SeededGenerator(seed: names.seed ^ 0x5EED_CAFE)
        let directory = GatewayDirectory()
        var regions: [Region] = []
        for role in [StackRegionRole.primary, .secondary] {
            let r = names[role]
            let database: any UsersDatabase
            do {
                database = try await databaseFactory(role)
            } catch {
                throw .database(role: role, reason: "\(error)")
            }
            let logs = LogStore()
            let invoker = LambdaInvoker(
                logs: logs, metrics: metrics.factory(region: r.region),
                options: .init(region: r.region, accountID: names.accountID, seed: seeds.next()))
            var function = FunctionConfiguration(
                functionName: r.functionName, region: r.region, accountID: names.accountID, runtime: c.lambdaRuntime,
                handler: "lambda_function.lambda_handler", timeout: .seconds(c.lambdaTimeout), memorySize: c.lambdaMemorySize,
                reservedConcurrentExecutions: c.lambdaReservedConcurrency,
                environment: names.functionEnvironment(role, configuration: c),
                tracingMode: c.enableXRayTracing ? .active : .passThrough)
            function.role = names.roleARN
            function.tags = names.commonTags(configuration: c)
            function.resourcePolicy = Self.apiGatewayInvokePolicy(functionARN: r.functionARN, sourceARN: r.invokePermissionSourceARN)
            let resources = LambdaResources().withUsersDatabase(database)
            let factory = options.functionFactory?(role) ?? .of(UsersHandler.self)
            // The seed's log group comes first (the function depends on it), with its retention.
            logs.ensureLogGroup(r.functionLogGroupName, retentionInDays: c.cloudWatchLogRetentionDays)
            do {
                try invoker.register(function, resources: resources, factory: factory)
                if role == .primary {
                    var dbInit = FunctionConfiguration(
                        functionName: names.dbInitFunctionName, region: r.region, accountID: names.accountID,
                        runtime: c.lambdaRuntime, handler: "init_db.lambda_handler", timeout: .seconds(60), memorySize: 256,
                        environment: names.dbInitEnvironment(configuration: c))
                    dbInit.role = names.roleARN
                    dbInit.tags = names.commonTags(configuration: c)
                    try invoker.register(dbInit, resources: resources, factory: .of(DBInitHandler.self))
                }
            } catch {
                throw .lambda(function: function.functionName, error)
            }

            var inputs = SeedAPIBuilder.Inputs(
                apiName: r.apiName, description: r.apiDescription, region: r.region, accountID: names.accountID,
                functionARN: r.functionARN)
            inputs.stageName = c.apiGatewayStageName
            inputs.enableLogging = c.enableAPIGatewayLogging
            inputs.corsOrigins = c.corsAllowOrigins
            inputs.corsHeaders = c.corsAllowHeaders
            inputs.corsMethods = c.corsAllowMethods
            inputs.throttleRateLimit = c.apiGatewayThrottleRateLimit
            inputs.throttleBurstLimit = c.apiGatewayThrottleBurstLimit
            inputs.apiKeyRequired = c.enableAPIKeyRequired
            inputs.apiID = r.apiID
            var ids = GatewayIDGenerator(seed: seeds.next())
            let api = SeedAPIBuilder().build(inputs, ids: &ids)
            if c.enableAPIGatewayLogging { _ = logs.ensureLogGroup(r.apiLogGroupName, retentionInDays: 7) }
            let accessStream = Self.accessLogStreamName(apiID: api.id, stage: c.apiGatewayStageName)
            let sink = ClosureAccessLogSink { group, line in
                logs.append(group: group, stream: accessStream, message: line)
            }
            let gatewayMetrics = GatewayMetrics(api: api, factory: metrics.factory(region: r.region))
            let gateway = GatewayService(GatewayEngine(api: api, ids: ids, accessLogSink: sink, metrics: gatewayMetrics))
            var key: APIKey?
            if c.enableAPIKeyRequired {
                let plan = UsagePlanConfig(planName: "\(names.namePrefix)-\(role.rawValue)-usage-plan",
                                           keyName: "\(names.namePrefix)-\(role.rawValue)-api-key")
                guard let created = gateway.createUsagePlan(plan, stage: c.apiGatewayStageName) else {
                    throw .gateway("no stage \(c.apiGatewayStageName) for the usage plan")
                }
                key = created.key
            }
            directory.register(gateway)
            regions.append(Region(role: role, names: r, invoker: invoker, gateway: gateway, logs: logs, apiKey: key))
        }
        var assembly = StackAssembly(
            configuration: c, names: names, metrics: metrics, regions: regions, directory: directory,
            integrationTimeout: options.integrationTimeout)
        if c.createCloudWatchAlarms, options.observability {
            let definitions = regions.flatMap {
                SeedAlarms.definitions(
                    functionName: $0.names.functionName, region: $0.names.region, accountID: names.accountID,
                    metricPeriodSeconds: metrics.store.resolutionSeconds)
            }
            assembly.alarms = AlarmService(definitions: definitions, store: metrics.store, onTransition: Self.logTransition)
        }
        return assembly
    }

    /// An alarm's state change, on the stack's console (standard error), as the listeners log.
    static func logTransition(_ transition: AlarmTransition) {
        let line = Array("regionstack \(transition.logLine)\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    /// API Gateway names an access-log stream with 32 hex digits of its own; this one is derived
    /// from the API and stage, so a restart (same seed) writes to the same stream.
    static func accessLogStreamName(apiID: String, stage: String) -> String {
        func fnv(_ text: String, _ basis: UInt64) -> String {
            var h = basis
            for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            let hex = String(h, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }
        let text = "\(apiID)/\(stage)"
        return fnv(text, 0xcbf2_9ce4_8422_2325) + fnv(text, 0x84222325_cbf29ce4)
    }

    /// The resource policy the seed's `aws_lambda_permission` (statement `apigateway-invoke`)
    /// gives the API function, as `GetPolicy` returns it.
    static func apiGatewayInvokePolicy(functionARN: String, sourceARN: String) -> String {
        #"{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"apigateway-invoke","Effect":"Allow","#
            + #""Principal":{"Service":"apigateway.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"\#(functionARN)","#
            + #""Condition":{"ArnLike":{"AWS:SourceArn":"\#(sourceARN)"}}}]}"#
    }

    /// Runs db-init once (like `aws_lambda_invocation.db_init`); returns the function's payload text.
    public func runDBInit() async -> String {
        let primary = region(.primary)
        do {
            let result = try await primary.invoker.invoke(functionName: names.dbInitFunctionName, payload: Array("{}".utf8))
            switch result {
            case .success(let payload): return String(decoding: payload, as: UTF8.self)
            case .functionError(let payload, _): return String(decoding: payload, as: UTF8.self)
            case .throttled(let error): return error.description
            case .timedOut(let message): return message
            }
        } catch {
            return error.description
        }
    }

    /// Stops every invoker (new invocations are refused) and the alarms' timer.
    public func stop() {
        alarms?.stop()
        for region in regions { region.invoker.stop() }
    }
}
