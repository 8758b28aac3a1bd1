/// A change to a stage's default method throttle (`UpdateStage`'s `/*/*/throttling/...` paths);
/// nil members stay as they are.
public struct StageThrottleUpdate: Sendable, Equatable {
    public var rateLimit: Double?
    public var burstLimit: Int?

    public init(rateLimit: Double? = nil, burstLimit: Int? = nil) {
        self.rateLimit = rateLimit
        self.burstLimit = burstLimit
    }
}

extension GatewayEngine {
    /// Applies a throttle change to stage `name` at once: the stage's buckets start over with the
    /// new rate and burst (full, as a new deployment's would). Returns the updated stage, nil for
    /// an unknown stage.
    public mutating func updateStageThrottle(_ name: String, _ update: StageThrottleUpdate) -> Stage? {
        guard let index = api.stages.firstIndex(where: { $0.name == name }) else { return nil }
        var throttle = api.stages[index].throttle ?? ThrottleSettings(rateLimit: 10_000, burstLimit: 5_000)
        if let rate = update.rateLimit { throttle.rateLimit = rate }
        if let burst = update.burstLimit { throttle.burstLimit = burst }
        api.stages[index].throttle = throttle
        stageBuckets = stageBuckets.filter { $0.key.stage != name }
        return api.stages[index]
    }
}

extension GatewayService {
    /// `UpdateStage` for throttling; see `GatewayEngine.updateStageThrottle`.
    public func updateStageThrottle(_ name: String, _ update: StageThrottleUpdate) -> Stage? {
        engine.withLock { $0.updateStageThrottle(name, update) }
    }

    /// The API's keys and usage plans now.
    public var usagePlanLedger: UsagePlanLedger { engine.withLock { $0.usagePlans } }
}
