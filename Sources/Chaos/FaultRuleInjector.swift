import Synchronization

/// The stack's fault rules and network effects, shared by the Chaos API routes and every call
/// site that can be faulted (the regions' REST APIs and Lambda's Invoke API).
///
/// Why a lock-guarded holder: rules change from the admin listener while event loops evaluate
/// them. With no rule and no latency configured, `check` costs one atomic load and takes no
/// lock, so the request path pays nothing measurable when chaos is off.
public final class FaultRuleInjector: Sendable {
    private let state: Mutex<(rules: FaultRuleSet, effects: NetworkEffects)>
    private let active = Atomic<Bool>(false)

    /// An injector with no rules, drawing from `seed`.
    public init(seed: UInt64) {
        state = Mutex((FaultRuleSet(seed: seed), NetworkEffects()))
    }

    /// The rules, in evaluation order.
    public var rules: [FaultRule] { state.withLock { $0.rules.rules } }
    /// The network effects.
    public var effects: NetworkEffects { state.withLock { $0.effects } }

    /// Replaces the rules (`POST`); returns the new list.
    @discardableResult
    public func replace(with rules: [FaultRule]) -> [FaultRule] { change { $0.rules.replace(with: rules) } }
    /// Appends rules (`PATCH`); returns the new list.
    @discardableResult
    public func add(_ rules: [FaultRule]) -> [FaultRule] { change { $0.rules.add(rules) } }
    /// Removes equal rules (`DELETE`); returns the new list.
    @discardableResult
    public func remove(_ rules: [FaultRule]) -> [FaultRule] { change { $0.rules.remove(rules) } }

    /// Sets the network effects (`POST /_localstack/chaos/effects`).
    public func setEffects(_ effects: NetworkEffects) {
        _ = change { $0.effects = effects }
    }

    /// Clears every rule and effect (the stack's "heal everything").
    public func clear() {
        _ = change {
            $0.rules.replace(with: [])
            $0.effects = NetworkEffects()
        }
    }

    /// What happens to one call: the error it gets (nil: none) and the latency to add first.
    public func check(_ call: @autoclosure () -> FaultCall) -> (error: FaultError?, latencyMs: Int) {
        guard active.load(ordering: .acquiring) else { return (nil, 0) }
        let c = call()
        return state.withLock { s in (s.rules.evaluate(c), s.effects.latency) }
    }

    private func change(_ body: (inout (rules: FaultRuleSet, effects: NetworkEffects)) -> Void) -> [FaultRule] {
        state.withLock { s in
            body(&s)
            active.store(!s.rules.rules.isEmpty || s.effects.latency > 0, ordering: .releasing)
            return s.rules.rules
        }
    }
}
