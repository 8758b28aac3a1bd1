import Foundation

/// Typed reads of one JSON object's members (from `JSONSerialization`), each refusal naming the
/// object and the member, so fixture errors read "step 3: \"for_ms\" must be ...".
struct Members {
    let object: [String: Any]
    let context: String

    init(_ object: [String: Any], context: String) {
        self.object = object
        self.context = context
    }

    func refuseUnknown(_ known: Set<String>) throws(DrillFixtureError) {
        for key in object.keys.sorted() where !known.contains(key) {
            throw DrillFixtureError("\(context): unknown member \"\(key)\" (known: \(known.sorted().joined(separator: ", ")))")
        }
    }

    private func value(_ key: String) -> Any? {
        guard let v = object[key], !(v is NSNull) else { return nil }
        return v
    }

    func string(_ key: String) throws(DrillFixtureError) -> String? {
        guard let v = value(key) else { return nil }
        guard let s = v as? String else { throw DrillFixtureError("\(context): \"\(key)\" must be a string") }
        return s
    }

    func bool(_ key: String) throws(DrillFixtureError) -> Bool? {
        guard let v = value(key) else { return nil }
        guard let n = v as? NSNumber, FaultRule.isBool(n) else { throw DrillFixtureError("\(context): \"\(key)\" must be true or false") }
        return n.boolValue
    }

    func int(_ key: String, in range: ClosedRange<Int>) throws(DrillFixtureError) -> Int? {
        guard let v = value(key) else { return nil }
        guard let n = Self.integer(v), range.contains(n) else {
            throw DrillFixtureError("\(context): \"\(key)\" must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    func probability(_ key: String) throws(DrillFixtureError) -> Double? {
        guard let v = value(key) else { return nil }
        guard let n = v as? NSNumber, !FaultRule.isBool(n), n.doubleValue.isFinite, (0...1).contains(n.doubleValue) else {
            throw DrillFixtureError("\(context): \"\(key)\" must be a number from 0 to 1")
        }
        return n.doubleValue
    }

    /// Milliseconds: `800` or `[600, 1000]` (0 to 600,000, low not above high).
    func range(_ key: String) throws(DrillFixtureError) -> DrillTimeRange? {
        guard let v = value(key) else { return nil }
        let bad = DrillFixtureError("\(context): \"\(key)\" must be milliseconds (0 to 600000) or a range [low, high]")
        if let n = Self.integer(v) {
            guard (0...600_000).contains(n) else { throw bad }
            return DrillTimeRange(n)
        }
        guard let list = v as? [Any], list.count == 2, let low = Self.integer(list[0]), let high = Self.integer(list[1]),
            low >= 0, high <= 600_000, low <= high
        else { throw bad }
        return DrillTimeRange(low, high)
    }

    func list(_ key: String) throws(DrillFixtureError) -> [Any]? {
        guard let v = value(key) else { return nil }
        guard let list = v as? [Any] else { throw DrillFixtureError("\(context): \"\(key)\" must be a list") }
        return list
    }

    func object(_ key: String) throws(DrillFixtureError) -> [String: Any]? {
        guard let v = value(key) else { return nil }
        guard let o = v as? [String: Any] else { throw DrillFixtureError("\(context): \"\(key)\" must be an object") }
        return o
    }

    static func integer(_ v: Any) -> Int? {
        guard let n = v as? NSNumber, !FaultRule.isBool(n), let i = Int(exactly: n.doubleValue) else { return nil }
        return i
    }
}
