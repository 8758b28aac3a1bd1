/// An API key: id (10 characters), value (40 characters `[A-Za-z0-9]`), name, enabled flag.
///
/// Methods with `apiKeyRequired` only accept requests whose `x-api-key` header is the value of an
/// enabled key that belongs to a usage plan covering the API's stage.
public struct APIKey: Sendable, Equatable {
    public var id: String
    public var value: String
    public var name: String
    public var enabled: Bool

    public init(id: String, value: String, name: String, enabled: Bool = true) {
        self.id = id
        self.value = value
        self.name = name
        self.enabled = enabled
    }

    /// A new enabled key with generated id and value.
    public static func generate(name: String, ids: inout GatewayIDGenerator) -> APIKey {
        APIKey(id: ids.apiKeyID(), value: ids.apiKeyValue(), name: name)
    }
}

/// The period of a usage-plan quota.
public enum QuotaPeriod: String, Sendable, Equatable, CaseIterable {
    case day = "DAY"
    case week = "WEEK"
    case month = "MONTH"
}

/// A usage-plan quota: at most `limit` requests per key per `period` (UTC calendar periods).
public struct QuotaSettings: Sendable, Equatable {
    public var limit: Int
    public var period: QuotaPeriod

    public init(limit: Int, period: QuotaPeriod) {
        self.limit = limit
        self.period = period
    }
}

/// A usage plan: the API stages it covers, a per-key throttle and a per-key quota, and its keys.
public struct UsagePlan: Sendable, Equatable {
    /// One `(apiID, stage)` pair the plan applies to.
    public struct APIStage: Sendable, Hashable {
        public var apiID: String
        public var stage: String
        public init(apiID: String, stage: String) {
            self.apiID = apiID
            self.stage = stage
        }
    }

    public var id: String
    public var name: String
    public var apiStages: [APIStage]
    public var throttle: ThrottleSettings?
    public var quota: QuotaSettings?
    public var keyIDs: [String]

    public init(
        id: String, name: String, apiStages: [APIStage], throttle: ThrottleSettings?, quota: QuotaSettings?, keyIDs: [String] = []
    ) {
        self.id = id
        self.name = name
        self.apiStages = apiStages
        self.throttle = throttle
        self.quota = quota
        self.keyIDs = keyIDs
    }
}

/// How to make the usage plan and key the seed lacks when `enable_api_key_required` is true.
///
/// The seed locks its methods with `api_key_required` but creates no key or plan (seed-contract 9.2
/// item 14), so no request could ever pass. The emulator creates one plan over the API's stage and one
/// key in it. Defaults: throttle 100 requests/s with burst 200, quota 10,000 requests per DAY —
/// generous enough for development, low enough that the limits can be seen in a test.
public struct UsagePlanConfig: Sendable, Equatable {
    public var planName: String
    public var keyName: String
    public var throttle: ThrottleSettings? = ThrottleSettings(rateLimit: 100, burstLimit: 200)
    public var quota: QuotaSettings? = QuotaSettings(limit: 10_000, period: .day)
    /// A fixed key value (for example from an earlier run's outputs); generated when nil.
    public var keyValue: String?

    public init(planName: String, keyName: String) {
        self.planName = planName
        self.keyName = keyName
    }
}
