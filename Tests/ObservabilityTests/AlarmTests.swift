import Determinism
import Observability
import Testing

@Suite struct AlarmTests {
    static let minute: Int64 = 1_796_212_800_000  // 2026-12-02T12:00:00Z
    let errors = MetricKey(region: "us-east-1", namespace: "AWS/Lambda", name: "Errors", dimensions: ["FunctionName": "f"])

    func errorRate(period: Int = 60) -> AlarmDefinition {
        AlarmDefinition(
            name: "f-error-rate", region: "us-east-1", accountID: "000000000000", metric: errors, statistic: .sum,
            periodSeconds: period, evaluationPeriods: 2, threshold: 5, comparison: .greaterThanThreshold)
    }

    @Test func errorsDriveTheErrorRateAlarmToAlarmAndBackToOK() {
        let clock = TestClock(Self.minute)
        let store = MetricStore(clock: clock.now)
        let alarms = AlarmService(definitions: [errorRate()], store: store)
        #expect(alarms.alarms[0].state == .insufficientData)
        #expect(alarms.alarms[0].reason == "Unchecked: Initial alarm creation")
        // Minute 0: traffic without errors.
        for _ in 0..<10 { store.record(errors, value: 0) }
        clock.advance(61_000)
        #expect(alarms.evaluate(now: clock.now()).map(\.to) == [.ok])
        // Minute 1: 7 errors of 10 -> over the threshold in one of the two periods: ALARM
        // (with datapointsToAlarm 2, both periods must breach... the previous one did not).
        for i in 0..<10 { store.record(errors, value: i < 7 ? 1 : 0) }
        clock.advance(60_000)
        #expect(alarms.evaluate(now: clock.now()).isEmpty)
        #expect(alarms.alarms[0].lastValues == [0, 7])
        // Minute 2: errors again -> both periods breach: ALARM, within 2 periods of the first errors.
        for _ in 0..<6 { store.record(errors, value: 1) }
        clock.advance(60_000)
        let alarmed = alarms.evaluate(now: clock.now())
        #expect(alarmed.map(\.to) == [.alarm])
        #expect(alarmed[0].reason.hasPrefix("Threshold Crossed: 2 out of the last 2 datapoints [6.0 (02/12/26 12:02:00), 7.0 (02/12/26 12:01:00)] were greater than the threshold (5.0)"))
        // Errors stop: one clean period is enough to leave ALARM.
        for _ in 0..<10 { store.record(errors, value: 0) }
        clock.advance(60_000)
        let recovered = alarms.evaluate(now: clock.now())
        #expect(recovered.map(\.to) == [.ok])
        #expect(recovered[0].reason.contains("was not greater than the threshold (5.0)"))
        // No traffic at all for two periods: INSUFFICIENT_DATA.
        clock.advance(120_000)
        #expect(alarms.evaluate(now: clock.now()).map(\.to) == [.insufficientData])
        #expect(alarms.alarms[0].reason == "Insufficient Data: 2 datapoints were unknown.")
        let kinds = alarms.history.map(\.summary)
        #expect(kinds == [
            "Alarm updated from OK to INSUFFICIENT_DATA", "Alarm updated from ALARM to OK",
            "Alarm updated from OK to ALARM", "Alarm updated from INSUFFICIENT_DATA to OK", "Alarm \"f-error-rate\" created",
        ])
    }

    @Test func missingDatapointsAreLeftOutNotCountedAsBreaching() {
        // CloudWatch's table for TreatMissingData=missing, 3 of 5: (oldest first)
        let cases: [([Double?], AlarmState)] = [
            ([0, nil, 9, nil, 9], .ok),
            ([0, nil, nil, nil, nil], .ok),
            ([nil, nil, nil, nil, nil], .insufficientData),
            ([0, 9, 9, nil, 9], .alarm),
            ([nil, nil, 9, nil, nil], .alarm),
        ]
        for (values, expected) in cases {
            let clock = TestClock(Self.minute)
            let store = MetricStore(clock: clock.now)
            var d = errorRate()
            d.evaluationPeriods = 5
            d.datapointsToAlarm = 3
            var machine = AlarmMachine(definition: d, now: clock.now())
            for v in values {
                if let v { store.record(errors, value: v) }
                clock.advance(60_000)
            }
            let range = machine.queryRange(now: clock.now(), resolutionSeconds: 60)
            _ = machine.evaluate(
                now: clock.now(), resolutionSeconds: 60,
                datapoints: store.datapoints(errors, start: range.start, end: range.end, periodSeconds: 60))
            #expect(machine.state == expected, "\(values)")
        }
    }

    @Test func shortenedPeriodsAlarmWithinTwoPeriods() {
        let clock = TestClock(Self.minute)
        let store = MetricStore(resolutionSeconds: 1, clock: clock.now)
        let alarms = AlarmService(definitions: [errorRate(period: 1)], store: store)
        var evaluator = AlarmEvaluator(definitions: [], now: clock.now(), resolutionSeconds: 1)
        #expect(evaluator.nextEvaluation(after: Self.minute) == Self.minute + 100)
        #expect(evaluator.evaluate(now: clock.now()) { _, _, _, _ in [] }.isEmpty)
        var alarmedAt: Int64?
        for tick in 0..<4 {
            for _ in 0..<8 { store.record(errors, value: 1) }
            clock.advance(1_000)
            if alarms.evaluate(now: clock.now() + 100).contains(where: { $0.to == .alarm }) {
                alarmedAt = Int64(tick + 1)
                break
            }
        }
        #expect(alarmedAt != nil && alarmedAt! <= 2)
        store.record(errors, value: 0)
        clock.advance(1_000)
        #expect(alarms.evaluate(now: clock.now() + 100).map(\.to) == [.ok])
    }

    @Test func theAnomalyBandTrainsThenFlagsASpikeAndADrop() {
        let clock = TestClock(Self.minute)
        let store = MetricStore(clock: clock.now)
        let invocations = MetricKey(region: "us-east-1", namespace: "AWS/Lambda", name: "Invocations", dimensions: ["FunctionName": "f"])
        let d = AlarmDefinition(
            name: "f-invocation-anomaly", region: "us-east-1", accountID: "000000000000", metric: invocations, statistic: .sum,
            periodSeconds: 300, evaluationPeriods: 3, threshold: nil, comparison: .lessThanLowerOrGreaterThanUpperThreshold,
            anomalyBand: AnomalyBand())
        #expect(d.anomalyBand?.expression == "ANOMALY_DETECTION_BAND(m1, 2)")
        let alarms = AlarmService(definitions: [d], store: store)
        var generator = SeededGenerator(seed: 7)
        func period(_ count: Int) {
            for _ in 0..<count { store.record(invocations, value: 1) }
            clock.advance(300_000)
        }
        // Two periods of history: still training.
        period(100)
        period(100)
        period(100)
        period(100)
        alarms.evaluate(now: clock.now())
        #expect(alarms.alarms[0].state == .insufficientData)
        #expect(alarms.alarms[0].reason.contains("still training"))
        // A steady hour around 100 per period: inside the band.
        for _ in 0..<12 { period(95 + Int(generator.next() % 10)) }
        alarms.evaluate(now: clock.now())
        #expect(alarms.alarms[0].state == .ok, "seed 7: \(alarms.alarms[0].reason)")
        // Three periods at 10x: outside.
        for _ in 0..<3 { period(1_000) }
        alarms.evaluate(now: clock.now())
        #expect(alarms.alarms[0].state == .alarm, "seed 7: \(alarms.alarms[0].reason)")
        #expect(alarms.alarms[0].reason.contains("outside the band"))
    }

    @Test func comparisonOperatorsCompareAsNamed() {
        #expect(ComparisonOperator.greaterThanThreshold.breaches(6, threshold: 5))
        #expect(!ComparisonOperator.greaterThanThreshold.breaches(5, threshold: 5))
        #expect(ComparisonOperator.greaterThanOrEqualToThreshold.breaches(5, threshold: 5))
        #expect(ComparisonOperator.lessThanThreshold.breaches(4, threshold: 5))
        #expect(ComparisonOperator.lessThanLowerOrGreaterThanUpperThreshold.breaches(0, threshold: 0, lower: 1, upper: 2))
        #expect(!ComparisonOperator.lessThanLowerOrGreaterThanUpperThreshold.breaches(1.5, threshold: 0, lower: 1, upper: 2))
        #expect(ComparisonOperator(rawValue: "GreaterThanThreshold") == .greaterThanThreshold)
    }
}
