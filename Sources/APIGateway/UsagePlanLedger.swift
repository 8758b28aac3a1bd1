/// API keys, usage plans and their live counters: per-key throttle buckets and quota usage.
///
/// The gateway asks it to admit a request with the presented `x-api-key`; the answer is the key,
/// or the AWS refusal (Forbidden, Too Many Requests, Limit Exceeded). Time comes in as monotonic
/// nanoseconds (throttle) and epoch milliseconds (quota periods).
public struct UsagePlanLedger: Sendable {
    /// The outcome of `admit`.
    public enum Admission: Sendable, Equatable {
        case admitted(APIKey)
        /// Missing, unknown or disabled key, or a key in no plan that covers the stage: 403 Forbidden.
        case forbidden
        /// The plan's per-key throttle is exhausted: 429 Too Many Requests.
        case throttled
        /// The plan's per-key quota for the current period is used up: 429 Limit Exceeded.
        case quotaExceeded
    }

    private struct QuotaUsage: Sendable {
        var period: Int64
        var used: Int
    }

    public private(set) var keys: [APIKey] = []
    public private(set) var plans: [UsagePlan] = []
    private var buckets: [String: TokenBucket] = [:]
    private var quotaUsage: [String: QuotaUsage] = [:]

    public init() {}

    /// Adds a key (replacing one with the same id).
    public mutating func addKey(_ key: APIKey) {
        keys.removeAll { $0.id == key.id }
        keys.append(key)
    }

    /// Adds a plan (replacing one with the same id and resetting its counters).
    public mutating func addPlan(_ plan: UsagePlan) {
        plans.removeAll { $0.id == plan.id }
        plans.append(plan)
        buckets = buckets.filter { !$0.key.hasPrefix(plan.id + "/") }
        quotaUsage = quotaUsage.filter { !$0.key.hasPrefix(plan.id + "/") }
    }

    /// Puts the key `keyID` in the plan `planID` (a usage-plan key). Returns false if either is unknown.
    @discardableResult
    public mutating func addKey(_ keyID: String, toPlan planID: String) -> Bool {
        guard keys.contains(where: { $0.id == keyID }), let index = plans.firstIndex(where: { $0.id == planID }) else {
            return false
        }
        if !plans[index].keyIDs.contains(keyID) { plans[index].keyIDs.append(keyID) }
        return true
    }

    /// Creates one plan over `(apiID, stage)` with one key in it, as `config` says; returns both.
    @discardableResult
    public mutating func createPlan(_ config: UsagePlanConfig, apiID: String, stage: String, ids: inout GatewayIDGenerator)
        -> (plan: UsagePlan, key: APIKey)
    {
        var key = APIKey.generate(name: config.keyName, ids: &ids)
        if let value = config.keyValue { key.value = value }
        let plan = UsagePlan(
            id: ids.usagePlanID(), name: config.planName, apiStages: [.init(apiID: apiID, stage: stage)],
            throttle: config.throttle, quota: config.quota, keyIDs: [key.id])
        addKey(key)
        addPlan(plan)
        return (plan, key)
    }

    /// Checks the presented key against the plans covering `(apiID, stage)` and, when it passes,
    /// takes a throttle token and counts one request against the quota.
    public mutating func admit(keyValue: String?, apiID: String, stage: String, nowNanos: UInt64, epochMillis: Int64)
        -> Admission
    {
        guard let value = keyValue, let key = keys.first(where: { $0.value == value }), key.enabled else { return .forbidden }
        let target = UsagePlan.APIStage(apiID: apiID, stage: stage)
        guard let plan = plans.first(where: { $0.keyIDs.contains(key.id) && $0.apiStages.contains(target) }) else {
            return .forbidden
        }
        let slot = "\(plan.id)/\(key.id)"
        if let throttle = plan.throttle {
            var bucket = buckets[slot] ?? TokenBucket(throttle)
            let ok = bucket.tryTake(nowNanos: nowNanos)
            buckets[slot] = bucket
            if !ok { return .throttled }
        }
        if let quota = plan.quota {
            let period = UTCTime(epochMillis: epochMillis).periodIndex(quota.period)
            var usage = quotaUsage[slot] ?? QuotaUsage(period: period, used: 0)
            if usage.period != period { usage = QuotaUsage(period: period, used: 0) }
            guard usage.used < quota.limit else {
                buckets[slot]?.giveBack()
                return .quotaExceeded
            }
            usage.used += 1
            quotaUsage[slot] = usage
        }
        return .admitted(key)
    }

    /// Requests counted against `keyID`'s quota in `planID` in the current recorded period.
    public func quotaUsed(planID: String, keyID: String) -> Int { quotaUsage["\(planID)/\(keyID)"]?.used ?? 0 }
}
