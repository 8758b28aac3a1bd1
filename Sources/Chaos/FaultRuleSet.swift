import Determinism

/// The active fault rules and the seeded draws that decide probabilistic ones.
///
/// Sans-IO and deterministic: the same seed and the same sequence of calls give the same
/// faults. Rules are evaluated in order; a rule hits a call when its filters match and, for a
/// probability below 1, its draw fires; the first hit wins (LocalStack: "evaluated sequentially
/// ... until the first match"). Only rules with a probability strictly between 0 and 1 draw,
/// so certain rules do not disturb the sequence.
public struct FaultRuleSet: Sendable {
    public private(set) var rules: [FaultRule] = []
    private var generator: SeededGenerator

    public init(seed: UInt64) {
        generator = SeededGenerator(seed: seed)
    }

    /// `POST`: replaces every rule.
    public mutating func replace(with rules: [FaultRule]) { self.rules = rules }

    /// `PATCH`: appends rules.
    public mutating func add(_ more: [FaultRule]) { rules += more }

    /// `DELETE`: removes every rule equal, field by field, to one of `matching`.
    public mutating func remove(_ matching: [FaultRule]) {
        rules.removeAll { rule in matching.contains(rule) }
    }

    /// The error for `call`, or nil when no rule hits it.
    public mutating func evaluate(_ call: FaultCall) -> FaultError? {
        for rule in rules where rule.matches(call) {
            let p = rule.effectiveProbability
            if p >= 1 { return rule.error }
            if p <= 0 { continue }
            if generator.chance(p) { return rule.error }
        }
        return nil
    }
}
