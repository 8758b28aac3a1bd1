import Testing
@testable import APIGateway

@Suite struct APIKeyTests {
    private func lockedEngine(throttle: ThrottleSettings?, quota: QuotaSettings?) -> (GatewayEngine, APIKey) {
        var engine = Fixtures.engine(Fixtures.seedInputs(apiKeyRequired: true))
        var config = UsagePlanConfig(planName: "seed-plan", keyName: "seed-key")
        config.throttle = throttle
        config.quota = quota
        let created = engine.createUsagePlan(config)!
        return (engine, created.key)
    }

    private func get(_ engine: inout GatewayEngine, key: String?, nanos: UInt64 = 1_000, epochMillis: Int64 = Fixtures.epochMillis)
        -> GatewayStep
    {
        var request = Fixtures.request("GET", "/prod/users", headers: key.map { [HeaderField("x-api-key", $0)] } ?? [], nanos: nanos)
        request.epochMillis = epochMillis
        return engine.handle(request)
    }

    private func expectForbidden(_ step: GatewayStep, _ comment: Comment) {
        guard let r = Fixtures.response(step) else { return }
        #expect(r.status == 403, comment)
        #expect(r.bodyText == #"{"message":"Forbidden"}"#, comment)
        #expect(r.header("x-amzn-ErrorType") == "ForbiddenException", comment)
    }

    @Test func generatedKeysHaveAWSShapes() {
        var ids = GatewayIDGenerator(seed: 99)
        let key = APIKey.generate(name: "k", ids: &ids)
        #expect(key.value.count == 40 && key.value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }, "\(key.value)")
        #expect(key.id.count == 10 && key.id.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }, "\(key.id)")
        #expect(APIKey.generate(name: "k", ids: &ids).value != key.value)
    }

    @Test func missingWrongAndRightKeys() throws {
        var (engine, key) = lockedEngine(throttle: nil, quota: nil)
        expectForbidden(get(&engine, key: nil), "missing key")
        expectForbidden(get(&engine, key: "not-a-key"), "unknown key")
        let invocation = try #require(Fixtures.invocation(get(&engine, key: key.value)))
        #expect(invocation.context.apiKey == key)
        // The event carries the key in identity.
        let event = try Fixtures.json(invocation.event)
        let identity = try #require((event["requestContext"] as? [String: Any])?["identity"] as? [String: Any])
        #expect(identity["apiKey"] as? String == key.value)
        #expect(identity["apiKeyId"] as? String == key.id)
        // OPTIONS never needs a key.
        #expect(Fixtures.response(engine.handle(Fixtures.request("OPTIONS", "/prod/users")))?.status == 200)
    }

    @Test func keysOutsideAnyPlanForTheStageOrDisabledAreForbidden() {
        var engine = Fixtures.engine(Fixtures.seedInputs(apiKeyRequired: true))
        var ids = GatewayIDGenerator(seed: 3)
        let loose = APIKey.generate(name: "loose", ids: &ids)
        engine.usagePlans.addKey(loose)
        expectForbidden(engine.handle(Fixtures.request("GET", "/prod/users", headers: [HeaderField("X-API-Key", loose.value)])), "no plan")
        let other = UsagePlan(id: "p2", name: "other", apiStages: [.init(apiID: "otherapi01", stage: "prod")], throttle: nil, quota: nil)
        engine.usagePlans.addPlan(other)
        let added = engine.usagePlans.addKey(loose.id, toPlan: "p2")
        #expect(added)
        expectForbidden(engine.handle(Fixtures.request("GET", "/prod/users", headers: [HeaderField("x-api-key", loose.value)])), "plan for another API")
        var disabled = loose
        disabled.enabled = false
        engine.usagePlans.addKey(disabled)
        expectForbidden(engine.handle(Fixtures.request("GET", "/prod/users", headers: [HeaderField("x-api-key", loose.value)])), "disabled")
    }

    @Test func usagePlanThrottleWithFakeClock() throws {
        var (engine, key) = lockedEngine(throttle: ThrottleSettings(rateLimit: 1, burstLimit: 2), quota: nil)
        let t0: UInt64 = 10_000_000_000
        #expect(Fixtures.invocation(get(&engine, key: key.value, nanos: t0)) != nil)
        #expect(Fixtures.invocation(get(&engine, key: key.value, nanos: t0)) != nil)
        let refused = try #require(Fixtures.response(get(&engine, key: key.value, nanos: t0)))
        #expect(refused.status == 429)
        #expect(refused.bodyText == #"{"message":"Too Many Requests"}"#)
        #expect(refused.header("x-amzn-ErrorType") == "TooManyRequestsException")
        #expect(Fixtures.invocation(get(&engine, key: key.value, nanos: t0 + 1_000_000_000)) != nil, "one token per second")
    }

    @Test func usagePlanQuotaPerDayWithFakeClock() throws {
        var (engine, key) = lockedEngine(throttle: nil, quota: QuotaSettings(limit: 3, period: .day))
        for i in 0..<3 {
            #expect(Fixtures.invocation(get(&engine, key: key.value, nanos: UInt64(i))) != nil, "request \(i)")
        }
        let refused = try #require(Fixtures.response(get(&engine, key: key.value)))
        #expect(refused.status == 429)
        #expect(refused.bodyText == #"{"message":"Limit Exceeded"}"#)
        #expect(refused.header("x-amzn-ErrorType") == "LimitExceededException")
        let plan = try #require(engine.usagePlans.plans.first)
        #expect(engine.usagePlans.quotaUsed(planID: plan.id, keyID: key.id) == 3)
        // 2026-11-24T22:40Z + 1h20m is the next UTC day: the quota starts again.
        let nextDay = Fixtures.epochMillis + 80 * 60 * 1000
        #expect(Fixtures.invocation(get(&engine, key: key.value, epochMillis: nextDay)) != nil)
    }

    @Test func quotaPeriodsFollowTheUTCCalendar() {
        let tuesday = UTCTime(epochMillis: Fixtures.epochMillis)  // 2026-11-24 is a Tuesday
        let sunday = UTCTime(epochMillis: Fixtures.epochMillis + 5 * 86_400_000 - 22 * 3_600_000)  // Sun 29th 00:40
        let monday = UTCTime(epochMillis: Fixtures.epochMillis + 6 * 86_400_000 - 22 * 3_600_000)  // Mon 30th 00:40
        #expect(tuesday.periodIndex(.week) == sunday.periodIndex(.week))
        #expect(monday.periodIndex(.week) == sunday.periodIndex(.week) + 1)
        #expect(tuesday.periodIndex(.month) == monday.periodIndex(.month))
        let december = UTCTime(epochMillis: Fixtures.epochMillis + 7 * 86_400_000)
        #expect(december.month == 12 && december.day == 1)
        #expect(december.periodIndex(.month) == tuesday.periodIndex(.month) + 1)
    }

    @Test func seedDefaultsForTheCreatedPlan() throws {
        var engine = Fixtures.engine(Fixtures.seedInputs(apiKeyRequired: true))
        let created = engine.createUsagePlan(UsagePlanConfig(planName: "p", keyName: "k"))
        let (plan, key) = try #require(created)
        #expect(plan.throttle == ThrottleSettings(rateLimit: 100, burstLimit: 200))
        #expect(plan.quota == QuotaSettings(limit: 10_000, period: .day))
        #expect(plan.apiStages == [.init(apiID: "a1b2c3d4e5", stage: "prod")])
        #expect(plan.keyIDs == [key.id])
        let none = engine.createUsagePlan(UsagePlanConfig(planName: "p", keyName: "k"), stage: "nope")
        #expect(none == nil)
    }
}
