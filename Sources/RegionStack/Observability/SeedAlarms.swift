import Observability

/// The seed's `lambda_monitoring` module: five CloudWatch alarms per API function (seed
/// contract 4.8), with its names, metrics, statistics, periods, evaluation periods, thresholds and
/// operators.
///
/// The thresholds are the module's hard-coded ones (its threshold variables are ignored, as in
/// the seed). The anomaly alarm uses the corrected form `ANOMALY_DETECTION_BAND(m1, 2)` over
/// `Invocations` Sum in 300 s periods, with this emulator's `AnomalyBand` model. Periods scale
/// with the stack's metric period (`--metric-period-seconds`): 60 s becomes that, 300 s five times it.
public enum SeedAlarms {
    /// The five alarms of `functionName` in `region`.
    public static func definitions(functionName fn: String, region: String, accountID: String, metricPeriodSeconds: Int = 60)
        -> [AlarmDefinition]
    {
        func period(_ seedSeconds: Int) -> Int { max(1, seedSeconds * metricPeriodSeconds / 60) }
        func key(_ name: String) -> MetricKey {
            MetricKey(region: region, namespace: "AWS/Lambda", name: name, dimensions: ["FunctionName": fn])
        }
        func alarm(
            _ suffix: String, _ metric: String, _ statistic: MetricStatistic, _ seconds: Int, _ evaluations: Int,
            _ comparison: ComparisonOperator, _ threshold: Double?, band: AnomalyBand? = nil
        ) -> AlarmDefinition {
            AlarmDefinition(
                name: "\(fn)-\(suffix)", region: region, accountID: accountID, metric: key(metric),
                statistic: statistic, periodSeconds: period(seconds), evaluationPeriods: evaluations, threshold: threshold,
                comparison: comparison, anomalyBand: band)
        }
        return [
            alarm("error-rate", "Errors", .sum, 60, 2, .greaterThanThreshold, 5),
            alarm("duration", "Duration", .average, 60, 2, .greaterThanThreshold, 10_000),
            alarm("throttles", "Throttles", .sum, 60, 1, .greaterThanThreshold, 0),
            alarm(
                "concurrent-executions", "ConcurrentExecutions", .maximum, 60, 2, .greaterThanThreshold, 100),
            alarm(
                "invocation-anomaly", "Invocations", .sum, 300, 3, .lessThanLowerOrGreaterThanUpperThreshold, nil, band: AnomalyBand()),
        ]
    }
}
