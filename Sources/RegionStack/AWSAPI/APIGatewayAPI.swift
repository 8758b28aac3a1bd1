import AWSAPI
import APIGateway
import Foundation

/// API Gateway's REST control plane (2015-07-09, rest-json), read-mostly, over the stack's
/// regional APIs: the shapes are botocore's, the values the deployed APIs' own; `UpdateStage`
/// changes a stage's throttle at once.
struct APIGatewayAPI {
    /// The gateways of each region the stack runs.
    let gateways: [String: [GatewayService]]
    /// When the stack created its APIs (epoch seconds): `createdDate` everywhere.
    let createdDate: Int64

    var service: AWSService {
        AWSService(
            signingName: "apigateway", wireProtocol: .restJSON,
            operations: [
                AWSOperation("GetRestApis", "GET", "/restapis") { request throws(AWSError) in
                    .json(.object([("item", .array(services(request).map { restAPI($0.api) }))]))
                },
                AWSOperation("GetRestApi", "GET", "/restapis/{restapi_id}") { request throws(AWSError) in
                    .json(restAPI(try api(request).api))
                },
                AWSOperation("GetResources", "GET", "/restapis/{restapi_id}/resources") { request throws(AWSError) in
                    let api = try api(request).api
                    return .json(.object([("item", .array(api.resources.map(Self.resource)))]))
                },
                AWSOperation("GetResource", "GET", "/restapis/{restapi_id}/resources/{resource_id}") { request throws(AWSError) in
                    let api = try api(request).api
                    guard let resource = api.resources.first(where: { $0.id == request.label("resource_id") }) else {
                        throw Self.notFound("Invalid Resource identifier specified")
                    }
                    return .json(Self.resource(resource))
                },
                AWSOperation("GetStages", "GET", "/restapis/{restapi_id}/stages") { request throws(AWSError) in
                    let service = try api(request)
                    return .json(.object([("item", .array(service.api.stages.map { stage(service.api, $0) }))]))
                },
                AWSOperation("GetStage", "GET", "/restapis/{restapi_id}/stages/{stage_name}") { request throws(AWSError) in
                    let service = try api(request)
                    guard let stage = service.api.stage(named: request.label("stage_name")) else {
                        throw Self.notFound("Invalid stage identifier specified")
                    }
                    return .json(self.stage(service.api, stage))
                },
                AWSOperation("UpdateStage", "PATCH", "/restapis/{restapi_id}/stages/{stage_name}") { request throws(AWSError) in
                    try updateStage(request)
                },
                AWSOperation("GetDeployments", "GET", "/restapis/{restapi_id}/deployments") { request throws(AWSError) in
                    let api = try api(request).api
                    let ids = Array(Set(api.stages.map(\.deploymentID))).sorted()
                    return .json(.object([("item", .array(ids.map { deployment($0) }))]))
                },
                AWSOperation("GetDeployment", "GET", "/restapis/{restapi_id}/deployments/{deployment_id}") { request throws(AWSError) in
                    let api = try api(request).api
                    let id = request.label("deployment_id")
                    guard api.stages.contains(where: { $0.deploymentID == id }) else {
                        throw Self.notFound("Invalid Deployment identifier specified")
                    }
                    return .json(deployment(id))
                },
                AWSOperation("GetApiKeys", "GET", "/apikeys") { request throws(AWSError) in
                    let include = request.queryValue("includeValues") == "true"
                    let keys = services(request).flatMap { $0.usagePlanLedger.keys }
                    return .json(.object([("item", .array(keys.map { apiKey($0, includeValue: include) }))]))
                },
                AWSOperation("GetApiKey", "GET", "/apikeys/{api_Key}") { request throws(AWSError) in
                    let include = request.queryValue("includeValue") == "true"
                    guard let key = services(request).flatMap({ $0.usagePlanLedger.keys }).first(where: { $0.id == request.label("api_Key") })
                    else { throw Self.notFound("Invalid API Key identifier specified") }
                    return .json(apiKey(key, includeValue: include))
                },
                AWSOperation("GetUsagePlans", "GET", "/usageplans") { request throws(AWSError) in
                    let plans = services(request).flatMap { $0.usagePlanLedger.plans }
                    return .json(.object([("item", .array(plans.map(Self.usagePlan)))]))
                },
                AWSOperation("GetUsagePlanKeys", "GET", "/usageplans/{usageplanId}/keys") { request throws(AWSError) in
                    let id = request.label("usageplanId")
                    guard let ledger = services(request).map(\.usagePlanLedger).first(where: { $0.plans.contains { $0.id == id } }),
                        let plan = ledger.plans.first(where: { $0.id == id })
                    else { throw Self.notFound("Invalid Usage Plan ID specified") }
                    let keys = ledger.keys.filter { plan.keyIDs.contains($0.id) }
                    return .json(
                        .object([
                            (
                                "item",
                                .array(
                                    keys.map {
                                        .object([
                                            ("id", .string($0.id)), ("type", .string("API_KEY")), ("value", .string($0.value)),
                                            ("name", .string($0.name)),
                                        ])
                                    })
                            )
                        ]))
                },
            ],
            unimplemented: [
                .init("CreateRestApi", "POST", "/restapis"),
                .init("DeleteRestApi", "DELETE", "/restapis/{restapi_id}"),
                .init("CreateDeployment", "POST", "/restapis/{restapi_id}/deployments"),
                .init("CreateStage", "POST", "/restapis/{restapi_id}/stages"),
                .init("DeleteStage", "DELETE", "/restapis/{restapi_id}/stages/{stage_name}"),
                .init("CreateApiKey", "POST", "/apikeys"),
                .init("CreateUsagePlan", "POST", "/usageplans"),
                .init("GetMethod", "GET", "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}"),
                .init("GetIntegration", "GET", "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration"),
            ])
    }

    func services(_ request: AWSRequest) -> [GatewayService] { gateways[request.region] ?? [] }

    func api(_ request: AWSRequest) throws(AWSError) -> GatewayService {
        let id = request.label("restapi_id")
        guard let service = services(request).first(where: { $0.api.id == id }) else {
            throw Self.notFound("Invalid API identifier specified \(accountID(request)):\(id)")
        }
        return service
    }

    func accountID(_ request: AWSRequest) -> String {
        gateways.values.first?.first?.api.accountID ?? "000000000000"
    }

    func updateStage(_ request: AWSRequest) throws(AWSError) -> AWSResponse {
        let service = try api(request)
        let name = request.label("stage_name")
        guard service.api.stage(named: name) != nil else { throw Self.notFound("Invalid stage identifier specified") }
        let body = try request.json()
        var update = StageThrottleUpdate()
        for operation in body["patchOperations"]?.array ?? [] {
            let op = operation["op"]?.string ?? ""
            let path = operation["path"]?.string ?? ""
            let value = operation["value"]?.string ?? ""
            guard op == "replace" else {
                throw Self.badRequest("Invalid patch operation specified. Must be 'add'|'remove'|'replace'|'move'|'copy'|'test': this emulator applies 'replace' only")
            }
            switch path {
            case "/*/*/throttling/rateLimit":
                guard let rate = Double(value), rate >= 0 else { throw Self.badRequest("Invalid throttling rate limit: \(value)") }
                update.rateLimit = rate
            case "/*/*/throttling/burstLimit":
                guard let burst = Int(value), burst >= 0 else { throw Self.badRequest("Invalid throttling burst limit: \(value)") }
                update.burstLimit = burst
            default:
                throw Self.badRequest(
                    "Invalid patch path '\(path)': this emulator updates only /*/*/throttling/rateLimit and /*/*/throttling/burstLimit")
            }
        }
        guard let stage = service.updateStageThrottle(name, update) else { throw Self.notFound("Invalid stage identifier specified") }
        return .json(self.stage(service.api, stage))
    }

    // MARK: shapes

    func restAPI(_ api: RestAPI) -> AWSJSON {
        .members([
            ("id", .string(api.id)),
            ("name", .string(api.name)),
            ("description", api.description.isEmpty ? nil : .string(api.description)),
            ("createdDate", .int(createdDate)),
            ("apiKeySource", .string("HEADER")),
            ("endpointConfiguration", .object([("types", .array([.string("REGIONAL")]))])),
            ("binaryMediaTypes", api.binaryMediaTypes.isEmpty ? nil : .array(api.binaryMediaTypes.map(AWSJSON.string))),
            ("disableExecuteApiEndpoint", .bool(false)),
            ("rootResourceId", .string(api.rootResource.id)),
        ])
    }

    static func resource(_ r: APIResource) -> AWSJSON {
        let methods = r.methods.keys.sorted().map { verb -> (String, AWSJSON) in
            let m = r.methods[verb]!
            return (
                verb,
                .object([
                    ("httpMethod", .string(verb)), ("authorizationType", .string(m.authorizationType)),
                    ("apiKeyRequired", .bool(m.apiKeyRequired)),
                ])
            )
        }
        return .members([
            ("id", .string(r.id)),
            ("parentId", r.parentID.map(AWSJSON.string)),
            ("pathPart", r.parentID == nil ? nil : .string(r.pathPart)),
            ("path", .string(r.path)),
            ("resourceMethods", methods.isEmpty ? nil : .object(methods)),
        ])
    }

    func stage(_ api: RestAPI, _ s: Stage) -> AWSJSON {
        var settings: [(String, AWSJSON)] = [
            ("metricsEnabled", .bool(false)),
            ("loggingLevel", .string("OFF")),
            ("dataTraceEnabled", .bool(false)),
        ]
        if let throttle = s.throttle {
            settings += [("throttlingBurstLimit", .int(Int64(throttle.burstLimit))), ("throttlingRateLimit", .double(throttle.rateLimit))]
        }
        settings += [
            ("cachingEnabled", .bool(false)), ("cacheTtlInSeconds", .int(300)), ("cacheDataEncrypted", .bool(false)),
            ("requireAuthorizationForCacheControl", .bool(true)),
            ("unauthorizedCacheControlHeaderStrategy", .string("SUCCEED_WITH_RESPONSE_HEADER")),
        ]
        return .members([
            ("deploymentId", .string(s.deploymentID)),
            ("stageName", .string(s.name)),
            ("cacheClusterEnabled", .bool(false)),
            ("cacheClusterStatus", .string("NOT_AVAILABLE")),
            ("methodSettings", s.throttle == nil ? nil : .object([("*/*", .object(settings))])),
            ("variables", s.variables.isEmpty ? nil : .map(s.variables)),
            (
                "accessLogSettings",
                s.accessLog.map {
                    .object([
                        ("format", .string($0.format)),
                        ("destinationArn", .string("arn:aws:logs:\(api.region):\(api.accountID):log-group:\($0.destinationLogGroup)")),
                    ])
                }
            ),
            ("tracingEnabled", .bool(s.tracingEnabled)),
            ("createdDate", .int(createdDate)),
            ("lastUpdatedDate", .int(createdDate)),
        ])
    }

    func deployment(_ id: String) -> AWSJSON {
        .object([("id", .string(id)), ("createdDate", .int(createdDate))])
    }

    func apiKey(_ key: APIKey, includeValue: Bool) -> AWSJSON {
        .members([
            ("id", .string(key.id)),
            ("value", includeValue ? .string(key.value) : nil),
            ("name", .string(key.name)),
            ("enabled", .bool(key.enabled)),
            ("createdDate", .int(createdDate)),
            ("lastUpdatedDate", .int(createdDate)),
            ("stageKeys", .array([])),
        ])
    }

    static func usagePlan(_ plan: UsagePlan) -> AWSJSON {
        .members([
            ("id", .string(plan.id)),
            ("name", .string(plan.name)),
            ("apiStages", .array(plan.apiStages.map { .object([("apiId", .string($0.apiID)), ("stage", .string($0.stage))]) })),
            (
                "throttle",
                plan.throttle.map { .object([("burstLimit", .int(Int64($0.burstLimit))), ("rateLimit", .double($0.rateLimit))]) }
            ),
            (
                "quota",
                plan.quota.map { .object([("limit", .int(Int64($0.limit))), ("offset", .int(0)), ("period", .string($0.period.rawValue))]) }
            ),
        ])
    }

    static func notFound(_ message: String) -> AWSError {
        AWSError(code: "NotFoundException", message: message, status: 404)
    }

    static func badRequest(_ message: String) -> AWSError {
        AWSError(code: "BadRequestException", message: message, status: 400)
    }
}
