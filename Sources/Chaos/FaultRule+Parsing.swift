import Foundation

/// Why a Chaos API body was refused; the message names the field and the rule.
public struct FaultRuleParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension FaultRule {
    /// Reads a `/_localstack/chaos/faults` body: a JSON array of rule objects (`[]` clears,
    /// `[{}]` faults every call). Unknown members are refused, so a typo does not silently
    /// widen a rule.
    public static func parseList(_ body: [UInt8]) throws(FaultRuleParseError) -> [FaultRule] {
        guard let value = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            throw FaultRuleParseError("the body must be a JSON array of fault rules, e.g. [{\"service\": \"apigateway\", \"region\": \"us-east-1\"}]")
        }
        guard let list = value as? [Any] else {
            throw FaultRuleParseError("the body must be a JSON array of fault rules (an object was given: wrap it in [...])")
        }
        var rules: [FaultRule] = []
        for (index, item) in list.enumerated() {
            guard let object = item as? [String: Any] else {
                throw FaultRuleParseError("rule \(index + 1) must be an object")
            }
            rules.append(try parse(object, index: index + 1))
        }
        return rules
    }

    static let members: Set<String> = ["region", "service", "operation", "probability", "error"]

    static func parse(_ object: [String: Any], index: Int) throws(FaultRuleParseError) -> FaultRule {
        for key in object.keys.sorted() where !members.contains(key) {
            throw FaultRuleParseError("rule \(index): unknown member \"\(key)\" (a rule has region, service, operation, probability and error)")
        }
        var rule = FaultRule()
        for name in ["region", "service", "operation"] {
            guard let raw = object[name], !(raw is NSNull) else { continue }
            guard let text = raw as? String else { throw FaultRuleParseError("rule \(index): \"\(name)\" must be a string") }
            switch name {
            case "region": rule.region = text
            case "service": rule.service = text
            default: rule.operation = text
            }
        }
        if let raw = object["probability"], !(raw is NSNull) {
            guard let number = raw as? NSNumber, !isBool(number), number.doubleValue.isFinite,
                (0...1).contains(number.doubleValue)
            else { throw FaultRuleParseError("rule \(index): \"probability\" must be a number between 0 and 1") }
            rule.probability = number.doubleValue
        }
        if let raw = object["error"], !(raw is NSNull) {
            guard let error = raw as? [String: Any] else {
                throw FaultRuleParseError("rule \(index): \"error\" must be an object {\"statusCode\": 503, \"code\": \"ServiceUnavailable\"}")
            }
            for key in error.keys.sorted() where key != "statusCode" && key != "code" {
                throw FaultRuleParseError("rule \(index): unknown member \"error.\(key)\" (an error has statusCode and code)")
            }
            rule.hasError = true
            if let status = error["statusCode"], !(status is NSNull) {
                guard let number = status as? NSNumber, !isBool(number), let code = Int(exactly: number.doubleValue),
                    (100...599).contains(code)
                else { throw FaultRuleParseError("rule \(index): \"error.statusCode\" must be an HTTP status between 100 and 599") }
                rule.statusCode = code
            }
            if let code = error["code"], !(code is NSNull) {
                guard let text = code as? String, !text.isEmpty else {
                    throw FaultRuleParseError("rule \(index): \"error.code\" must be a non-empty string")
                }
                rule.code = text
            }
        }
        return rule
    }

    /// JSONSerialization gives booleans as NSNumber; its objCType tells them apart ("c").
    static func isBool(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }
}

/// LocalStack's `/_localstack/chaos/effects`: network effects on every call (only `latency`, in
/// milliseconds, as LocalStack offers).
public struct NetworkEffects: Sendable, Equatable {
    /// Added to every call, in milliseconds.
    public var latency: Int

    public init(latency: Int = 0) { self.latency = latency }

    /// `{"latency": N}`.
    public var json: String { #"{"latency": \#(latency)}"# }

    /// Reads `{"latency": N}` (0...60,000 ms); an empty object resets to no latency.
    public static func parse(_ body: [UInt8]) throws(FaultRuleParseError) -> NetworkEffects {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw FaultRuleParseError("the body must be a JSON object, e.g. {\"latency\": 100}")
        }
        for key in object.keys.sorted() where key != "latency" {
            throw FaultRuleParseError("unknown member \"\(key)\" (the effects have only \"latency\", in milliseconds)")
        }
        guard let raw = object["latency"], !(raw is NSNull) else { return NetworkEffects() }
        guard let number = raw as? NSNumber, !FaultRule.isBool(number), let ms = Int(exactly: number.doubleValue),
            (0...60_000).contains(ms)
        else { throw FaultRuleParseError("\"latency\" must be a whole number of milliseconds between 0 and 60000") }
        return NetworkEffects(latency: ms)
    }
}
