import Testing
@testable import APIGateway

@Suite struct RoutingTests {
    private func expectMissingToken(_ step: GatewayStep, _ comment: Comment) {
        guard let r = Fixtures.response(step) else { return }
        #expect(r.status == 403, comment)
        #expect(r.bodyText == #"{"message":"Missing Authentication Token"}"#, comment)
        #expect(r.header("x-amzn-ErrorType") == "MissingAuthenticationTokenException", comment)
        #expect(r.header("Content-Type") == "application/json", comment)
        #expect(r.header("Content-Length") == String(r.body.count), comment)
        #expect(r.header("x-amzn-RequestId")?.count == 36, comment)
        #expect(r.header("x-amz-apigw-id")?.count == 16, comment)
    }

    @Test func unknownPathStageAndMethodAnswerMissingAuthenticationToken() {
        var engine = Fixtures.engine()
        expectMissingToken(engine.handle(Fixtures.request("GET", "/prod/nope")), "unknown resource")
        expectMissingToken(engine.handle(Fixtures.request("GET", "/prod/users/42")), "deeper than any resource")
        expectMissingToken(engine.handle(Fixtures.request("GET", "/dev/users")), "unknown stage")
        expectMissingToken(engine.handle(Fixtures.request("GET", "/users")), "no stage prefix")
        expectMissingToken(engine.handle(Fixtures.request("GET", "/")), "bare root")
        expectMissingToken(engine.handle(Fixtures.request("DELETE", "/prod/users")), "method not defined on resource")
        expectMissingToken(engine.handle(Fixtures.request("POST", "/prod/health")), "POST on GET-only resource")
        expectMissingToken(engine.handle(Fixtures.request("GET", "/prod")), "root resource has no methods")
    }

    @Test func knownRoutesReachTheIntegration() throws {
        var engine = Fixtures.engine()
        for (method, target, resource) in [("GET", "/prod/health", "/health"), ("GET", "/prod/users", "/users"),
                                           ("POST", "/prod/users", "/users"), ("GET", "/prod/users/", "/users")] {
            let step = engine.handle(Fixtures.request(method, target))
            let invocation = try #require(Fixtures.invocation(step))
            #expect(invocation.functionARN == Fixtures.functionARN)
            #expect(invocation.timeoutNanos == 29_000_000_000)
            #expect(invocation.context.resourcePath == resource, "\(method) \(target)")
        }
    }

    @Test func eventPathKeepsTheRawRemainder() throws {
        #expect(GatewayEngine.pathWithinStage("/prod/users/", stage: "prod") == "/users/")
        #expect(GatewayEngine.pathWithinStage("/prod", stage: "prod") == "/")
        #expect(GatewayEngine.pathWithinStage("//prod/users", stage: "prod") == "/users")
        var engine = Fixtures.engine()
        let invocation = try #require(Fixtures.invocation(engine.handle(Fixtures.request("GET", "/prod/users/"))))
        #expect(try Fixtures.json(invocation.event)["path"] as? String == "/users/")
    }

    @Test func seedBuilderMakesTheModulesResources() throws {
        let api = Fixtures.engine().api
        #expect(api.resources.map(\.path) == ["/", "/health", "/users"])
        #expect(api.resources[1].parentID == api.rootResource.id)
        let health = try #require(api.resource(atPath: "/health"))
        let users = try #require(api.resource(atPath: "/users"))
        #expect(Set(health.methods.keys) == ["GET", "OPTIONS"])
        #expect(Set(users.methods.keys) == ["GET", "POST", "OPTIONS"])
        for method in [health.methods["GET"], users.methods["GET"], users.methods["POST"]] {
            #expect(method?.integration == .awsProxy(functionARN: Fixtures.functionARN))
            #expect(method?.authorizationType == "NONE")
        }
        let stage = try #require(api.stage(named: "prod"))
        #expect(stage.throttle == ThrottleSettings(rateLimit: 1000, burstLimit: 2000))
        #expect(stage.tracingEnabled)
        #expect(stage.accessLog?.destinationLogGroup == "/aws/apigateway/a1b2c3d4e5")
        #expect(api.executeAPIDomain == "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com")
        #expect(
            Integration.lambdaURI(region: "us-east-1", functionARN: "F")
                == "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/F/invocations")
    }

    /// `/users`, `/users/{id}`, `/users/me` and a greedy `/{proxy+}`.
    func routingAPI() throws -> RestAPI {
        var api = RestAPI(id: "x", name: "x", region: "us-east-1", accountID: "1", rootResourceID: "r")
        try api.addResource(id: "u", parentPath: "/", pathPart: "users")
        try api.addResource(id: "ui", parentPath: "/users", pathPart: "{id}")
        try api.addResource(id: "um", parentPath: "/users", pathPart: "me")
        try api.addResource(id: "p", parentPath: "/", pathPart: "{proxy+}")
        return api
    }

    @Test func matcherPrefersLiteralThenParameterThenGreedy() throws {
        var api = try routingAPI()
        #expect(throws: APIModelError.duplicateResource("/users")) { try api.addResource(id: "z", parentPath: "/", pathPart: "users") }
        #expect(throws: APIModelError.unknownParent("/nope")) { try api.addResource(id: "z", parentPath: "/nope", pathPart: "a") }
        let matcher = ResourceMatcher()
        #expect(matcher.match(path: "/users/me", in: api.resources)?.resource.id == "um")
        let byID = try #require(matcher.match(path: "/users/42", in: api.resources))
        #expect(byID.resource.id == "ui")
        #expect(byID.parameters.map(\.0) == ["id"] && byID.parameters.map(\.1) == ["42"])
        let greedy = try #require(matcher.match(path: "/a/b/c", in: api.resources))
        #expect(greedy.resource.id == "p")
        #expect(greedy.parameters.map(\.1) == ["a/b/c"])
        #expect(matcher.match(path: "/users", in: api.resources)?.resource.id == "u")
        #expect(matcher.match(path: "/", in: api.resources)?.resource.id == "r", "{proxy+} needs at least one segment")
    }

    @Test func compiledRoutesAndFirstSegmentAgreeWithSplitting() throws {
        let api = try routingAPI()
        let compiled = ResourceMatcher.Compiled(api.resources)
        let paths = ["/", "", "/users", "/users/", "//users//me", "/users/42", "/a/b/c", "/users/42/x", "prod", "/prod/health", "///"]
        for path in paths {
            let splitting = ResourceMatcher.segments(path)
            #expect(ResourceMatcher.firstSegment(path) == splitting.first, "\(path)")
            let direct = ResourceMatcher().match(path: path, in: api.resources)
            #expect(compiled.match(path: path) == direct, "\(path)")
        }
        #expect(compiled.match(path: "/users/me")?.resource.id == "um")
        #expect(compiled.match(path: "/users/7")?.parameters.map(\.1) == ["7"])
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func generatedIDsHaveAWSShapes(seed: UInt64) {
        var ids = GatewayIDGenerator(seed: seed)
        let urlSafe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let lowerAlnum = Set("abcdefghijklmnopqrstuvwxyz0123456789")
        for _ in 0..<50 {
            let extended = ids.extendedRequestID()
            #expect(extended.count == 16 && extended.last == "=" && extended.dropLast().allSatisfy(urlSafe.contains), "seed \(seed): \(extended)")
            let uuid = Array(ids.uuid())
            #expect(uuid.count == 36 && uuid[14] == "4" && "89ab".contains(uuid[19]), "seed \(seed): \(String(uuid))")
            #expect([8, 13, 18, 23].allSatisfy { uuid[$0] == "-" }, "seed \(seed)")
            let api = ids.apiID()
            #expect(api.count == 10 && api.allSatisfy(lowerAlnum.contains), "seed \(seed): \(api)")
        }
        #expect(ids.traceID(epochSeconds: 0x6B06_1240).hasPrefix("Root=1-6b061240-"), "seed \(seed)")
        #expect(ids.traceID(epochSeconds: 15).count == "Root=1-0000000f-".count + 24, "seed \(seed)")
    }

    @Test func edgeRoutingByHost() {
        #expect(EdgeRouting.resolve(host: "a1b2c3d4e5.execute-api.us-east-1.localhost:4566")
            == .init(apiID: "a1b2c3d4e5", region: "us-east-1"))
        #expect(EdgeRouting.resolve(host: "A1B2C3D4E5.Execute-API.us-east-2.localhost")
            == .init(apiID: "a1b2c3d4e5", region: "us-east-2"))
        #expect(EdgeRouting.resolve(host: "localhost:4566") == nil)
        #expect(EdgeRouting.resolve(host: "a1b2.execute-api.us-east-1.amazonaws.com") == nil)
        #expect(EdgeRouting.resolve(host: "a1b2.execute-api.us-east-1.localhost:http") == nil)
        #expect(EdgeRouting.resolve(host: ".execute-api.us-east-1.localhost") == nil)
    }

    @Test func edgeRoutingByPath() {
        #expect(EdgeRouting.resolve(path: "/_aws/execute-api/a1b2c3d4e5/prod/users")
            == .init(apiID: "a1b2c3d4e5", remainingPath: "/prod/users"))
        #expect(EdgeRouting.resolve(path: "/_aws/execute-api/a1b2c3d4e5") == .init(apiID: "a1b2c3d4e5", remainingPath: "/"))
        #expect(EdgeRouting.resolve(path: "/_aws/execute-api//prod") == nil)
        #expect(EdgeRouting.resolve(path: "/prod/users") == nil)
    }

    @Test func pathRoutedRequestFlowsIntoTheEngine() throws {
        var engine = Fixtures.engine()
        let target = try #require(EdgeRouting.resolve(path: "/_aws/execute-api/a1b2c3d4e5/prod/health"))
        #expect(target.apiID == engine.api.id)
        let step = engine.handle(Fixtures.request("GET", target.remainingPath))
        #expect(Fixtures.invocation(step)?.context.resourcePath == "/health")
    }
}
