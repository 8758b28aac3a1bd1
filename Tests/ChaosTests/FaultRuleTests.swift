import Chaos
import Testing

@Suite struct FaultRuleTests {
    static func parse(_ text: String) throws -> [FaultRule] { try FaultRule.parseList(Array(text.utf8)) }

    static let apiCall = FaultCall(service: "apigateway", region: "us-east-1", operations: ["GET /health", "GET"])

    @Test func parsesLocalStackRulesAndEchoesOnlyTheGivenFields() throws {
        let rules = try Self.parse(#"[{"service": "dynamodb", "region": "us-east-1"}, {"service": "kinesis", "operation": "PutRecord", "probability": 0.3, "error": {"statusCode": 400, "code": "ProvisionedThroughputExceededException"}}]"#)
        #expect(rules.count == 2)
        #expect(FaultRule.json(rules) == #"[{"service": "dynamodb", "region": "us-east-1"}, {"service": "kinesis", "operation": "PutRecord", "probability": 0.3, "error": {"statusCode": 400, "code": "ProvisionedThroughputExceededException"}}]"#)
        #expect(rules[0].error == FaultError(statusCode: 503, code: "ServiceUnavailable"))
        #expect(rules[1].error == FaultError(statusCode: 400, code: "ProvisionedThroughputExceededException"))
    }

    @Test func refusesMalformedBodiesWithTheReason() {
        #expect(throws: FaultRuleParseError.self) { try Self.parse(#"{"service": "lambda"}"#) }
        #expect(throws: FaultRuleParseError.self) { try Self.parse(#"[{"servcie": "lambda"}]"#) }
        #expect(throws: FaultRuleParseError.self) { try Self.parse(#"[{"probability": 1.5}]"#) }
        #expect(throws: FaultRuleParseError.self) { try Self.parse(#"[{"error": {"statusCode": 42}}]"#) }
        #expect(throws: FaultRuleParseError.self) { try Self.parse(#"[{"region": 3}]"#) }
        #expect(throws: FaultRuleParseError.self) { try Self.parse("not json") }
        do {
            _ = try Self.parse(#"[{"servcie": "lambda"}]"#)
        } catch {
            #expect("\(error)".contains("servcie"))
        }
    }

    @Test func filtersMatchRegionServiceAndOperation() throws {
        let rules = try Self.parse(#"[{"service": "apigateway", "region": "us-east-1", "operation": "get"}]"#)
        #expect(rules[0].matches(Self.apiCall))
        #expect(rules[0].matches(FaultCall(service: "execute-api", region: "us-east-1", operations: ["GET"])))
        #expect(!rules[0].matches(FaultCall(service: "apigateway", region: "us-east-2", operations: ["GET"])))
        #expect(!rules[0].matches(FaultCall(service: "lambda", region: "us-east-1", operations: ["Invoke"])))
        #expect(try Self.parse("[{}]")[0].matches(FaultCall(service: "lambda", region: "eu-west-1", operations: ["Invoke"])))
    }

    @Test func postReplacesPatchAddsDeleteRemovesEqualRules() throws {
        var set = FaultRuleSet(seed: 1)
        set.replace(with: try Self.parse(#"[{"service": "lambda"}, {"service": "apigateway", "region": "us-east-1"}]"#))
        set.add(try Self.parse(#"[{"service": "s3"}]"#))
        #expect(set.rules.count == 3)
        set.remove(try Self.parse(#"[{"service": "lambda"}, {"service": "apigateway"}]"#))
        #expect(FaultRule.json(set.rules) == #"[{"service": "apigateway", "region": "us-east-1"}, {"service": "s3"}]"#)
        set.replace(with: [])
        #expect(set.evaluate(Self.apiCall) == nil)
    }

    @Test func firstHitWinsAndProbabilityDrawsAreSeeded() throws {
        let rules = try Self.parse(#"[{"service": "apigateway", "probability": 0.25, "error": {"statusCode": 503, "code": "Rule1"}}, {"service": "apigateway", "error": {"statusCode": 500, "code": "Rule2"}}]"#)
        var a = FaultRuleSet(seed: 42)
        var b = FaultRuleSet(seed: 42)
        a.replace(with: rules)
        b.replace(with: rules)
        var first = 0
        for _ in 0..<4000 {
            let x = a.evaluate(Self.apiCall)
            #expect(x == b.evaluate(Self.apiCall))
            if x?.code == "Rule1" { first += 1 } else { #expect(x?.code == "Rule2") }
        }
        // 4,000 draws at p = 0.25: mean 1,000, sd about 27; 6 sd either side.
        #expect((840...1160).contains(first), "seed 42: \(first) of 4000")
    }

    @Test func injectorIsInactiveUntilARuleOrLatencyIsSet() throws {
        let injector = FaultRuleInjector(seed: 7)
        #expect(injector.check(Self.apiCall).error == nil)
        injector.setEffects(NetworkEffects(latency: 25))
        #expect(injector.check(Self.apiCall).latencyMs == 25)
        injector.replace(with: try Self.parse("[{}]"))
        #expect(injector.check(Self.apiCall).error?.statusCode == 503)
        injector.clear()
        #expect(injector.check(Self.apiCall).error == nil)
        #expect(injector.check(Self.apiCall).latencyMs == 0)
        #expect(try NetworkEffects.parse(Array(#"{"latency": 100}"#.utf8)) == NetworkEffects(latency: 100))
        #expect(throws: FaultRuleParseError.self) { try NetworkEffects.parse(Array(#"{"latency": -1}"#.utf8)) }
    }
}
