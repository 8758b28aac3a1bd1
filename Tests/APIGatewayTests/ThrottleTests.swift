import Testing
@testable import APIGateway

@Suite struct ThrottleTests {
    @Test func bucketGivesBurstThenRefillsAtRate() {
        var bucket = TokenBucket(ratePerSecond: 2, capacity: 3)
        let t0: UInt64 = 5_000_000_000
        func take(_ now: UInt64) -> Bool { bucket.tryTake(nowNanos: now) }
        #expect((0..<3).allSatisfy { _ in take(t0) }, "burst of 3")
        #expect(!take(t0), "empty after the burst")
        #expect(!take(t0 + 400_000_000), "0.8 token after 0.4 s")
        #expect(take(t0 + 500_000_000), "1 token after 0.5 s")
        #expect(!take(t0 + 500_000_000))
        // A long pause refills to capacity, not beyond.
        let later = t0 + 60_000_000_000
        #expect((0..<3).allSatisfy { _ in take(later) })
        #expect(!take(later))
        // A clock going backwards refills nothing.
        #expect(!take(t0))
    }

    @Test func stageThrottleAnswers429AfterTheBurstPerMethod() throws {
        var inputs = Fixtures.seedInputs()
        inputs.throttleRateLimit = 10
        inputs.throttleBurstLimit = 5
        var engine = Fixtures.engine(inputs)
        let t0: UInt64 = 1_000_000_000
        for i in 0..<5 {
            let step = engine.handle(Fixtures.request("GET", "/prod/users", nanos: t0))
            #expect(Fixtures.invocation(step) != nil, "request \(i) within the burst")
        }
        let refused = try #require(Fixtures.response(engine.handle(Fixtures.request("GET", "/prod/users", nanos: t0))))
        #expect(refused.status == 429)
        #expect(refused.bodyText == #"{"message":"Too Many Requests"}"#)
        #expect(refused.header("x-amzn-ErrorType") == "TooManyRequestsException")
        // Each method has its own bucket: POST /users and GET /health are untouched.
        #expect(Fixtures.invocation(engine.handle(Fixtures.request("POST", "/prod/users", nanos: t0))) != nil)
        #expect(Fixtures.invocation(engine.handle(Fixtures.request("GET", "/prod/health", nanos: t0))) != nil)
        #expect(Fixtures.response(engine.handle(Fixtures.request("OPTIONS", "/prod/users", nanos: t0)))?.status == 200)
        // 100 ms at 10/s refills one token for GET /users.
        #expect(Fixtures.invocation(engine.handle(Fixtures.request("GET", "/prod/users", nanos: t0 + 100_000_000))) != nil)
        #expect(Fixtures.response(engine.handle(Fixtures.request("GET", "/prod/users", nanos: t0 + 100_000_000)))?.status == 429)
    }
}
