/// One CloudWatch metric alarm as `PutMetricAlarm` would define it.
///
/// Static alarms compare a statistic with `threshold`; band alarms (`anomalyBand` set, a band
/// operator) compare with an `AnomalyBand`. Missing data is treated as `missing`, CloudWatch's
/// default (see `AlarmMachine`).
public struct AlarmDefinition: Sendable, Hashable {
    public var name: String
    public var region: String
    public var accountID: String
    public var description: String?
    /// The metric's namespace, name and dimensions (the key in `region`).
    public var metric: MetricKey
    public var statistic: MetricStatistic
    public var periodSeconds: Int
    public var evaluationPeriods: Int
    /// M of "M out of N" (defaults to `evaluationPeriods`).
    public var datapointsToAlarm: Int
    public var threshold: Double?
    public var comparison: ComparisonOperator
    public var anomalyBand: AnomalyBand?
    public var unit: MetricUnit?
    public var actionsEnabled: Bool = true
    public var alarmActions: [String] = []
    public var okActions: [String] = []
    public var treatMissingData: String = "missing"

    /// Creates a definition.
    public init(
        name: String, region: String, accountID: String, description: String? = nil, metric: MetricKey,
        statistic: MetricStatistic, periodSeconds: Int, evaluationPeriods: Int, datapointsToAlarm: Int? = nil,
        threshold: Double?, comparison: ComparisonOperator, anomalyBand: AnomalyBand? = nil, unit: MetricUnit? = nil
    ) {
        self.name = name
        self.region = region
        self.accountID = accountID
        self.description = description
        self.metric = metric
        self.statistic = statistic
        self.periodSeconds = max(1, periodSeconds)
        self.evaluationPeriods = max(1, evaluationPeriods)
        self.datapointsToAlarm = max(1, min(datapointsToAlarm ?? evaluationPeriods, max(1, evaluationPeriods)))
        self.threshold = threshold
        self.comparison = comparison
        self.anomalyBand = anomalyBand
        self.unit = unit
    }

    /// `arn:aws:cloudwatch:<region>:<account>:alarm:<name>`.
    public var arn: String { "arn:aws:cloudwatch:\(region):\(accountID):alarm:\(name)" }
}
