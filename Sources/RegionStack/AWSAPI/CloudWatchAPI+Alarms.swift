import AWSAPI
import Observability

extension CloudWatchAPI {
    /// `DescribeAlarms`: the region's metric alarms by name, prefix or state (no composite alarms).
    func describeAlarms(_ request: AWSRequest) throws(AWSError) -> AWSResponse {
        let body = try request.json()
        let names = body["AlarmNames"]?.array?.compactMap(\.string)
        let prefix = body["AlarmNamePrefix"]?.string
        if names != nil, prefix != nil {
            throw Self.combination("AlarmNamePrefix and AlarmNames cannot both be specified.")
        }
        let state = body["StateValue"]?.string
        if let state, AlarmState(rawValue: state) == nil {
            throw Self.invalidValue("The parameter StateValue must be a value in the set [ OK, ALARM, INSUFFICIENT_DATA ].")
        }
        let types = body["AlarmTypes"]?.array?.compactMap(\.string) ?? ["MetricAlarm"]
        let max = Int(body["MaxRecords"]?.int ?? 50)
        guard (1...100).contains(max) else { throw Self.invalidValue("The parameter MaxRecords must be between 1 and 100.") }
        let start = try Self.pageOffset(body)
        let matching = (types.contains("MetricAlarm") ? alarms?.alarms ?? [] : []).filter { m in
            let d = m.definition
            return d.region == request.region && (names == nil || names!.contains(d.name))
                && (prefix == nil || d.name.hasPrefix(prefix!)) && (state == nil || m.state.rawValue == state)
        }
        let page = matching.dropFirst(start).prefix(max)
        let next = start + page.count < matching.count ? AWSJSON.string(String(start + page.count)) : nil
        return Self.json(
            .members([("MetricAlarms", .array(page.map(Self.alarmJSON))), ("CompositeAlarms", .array([])), ("NextToken", next)]))
    }

    static func pageOffset(_ body: AWSJSON) throws(AWSError) -> Int {
        guard let token = body["NextToken"]?.string else { return 0 }
        guard let n = Int(token), n >= 0 else { throw invalidToken() }
        return n
    }

    /// A `MetricAlarm` as DescribeAlarms returns it.
    static func alarmJSON(_ m: AlarmMachine) -> AWSJSON {
        let d = m.definition
        var members: [(String, AWSJSON?)] = [
            ("AlarmName", .string(d.name)), ("AlarmArn", .string(d.arn)), ("AlarmDescription", d.description.map(AWSJSON.string)),
            ("AlarmConfigurationUpdatedTimestamp", seconds(m.created)), ("ActionsEnabled", .bool(d.actionsEnabled)),
            ("OKActions", .array(d.okActions.map(AWSJSON.string))), ("AlarmActions", .array(d.alarmActions.map(AWSJSON.string))),
            ("InsufficientDataActions", .array([])), ("StateValue", .string(m.state.rawValue)), ("StateReason", .string(m.reason)),
            ("StateReasonData", m.reasonData.map(AWSJSON.string)), ("StateUpdatedTimestamp", seconds(m.updated)),
        ]
        let metricJSON = AWSJSON.object([
            ("Namespace", .string(d.metric.namespace)), ("MetricName", .string(d.metric.name)), ("Dimensions", dimensionsJSON(d.metric)),
        ])
        if let band = d.anomalyBand {
            members += [
                ("EvaluationPeriods", .int(Int64(d.evaluationPeriods))), ("DatapointsToAlarm", .int(Int64(d.datapointsToAlarm))),
                ("ComparisonOperator", .string(d.comparison.rawValue)), ("TreatMissingData", .string(d.treatMissingData)),
                (
                    "Metrics",
                    .array([
                        .object([
                            ("Id", .string(band.metricID)),
                            (
                                "MetricStat",
                                .object([("Metric", metricJSON), ("Period", .int(Int64(d.periodSeconds))), ("Stat", .string(d.statistic.name))])
                            ),
                            ("ReturnData", .bool(true)),
                        ]),
                        .object([
                            ("Id", .string(band.id)), ("Expression", .string(band.expression)),
                            ("Label", .string("\(d.metric.name) (expected)")), ("ReturnData", .bool(true)),
                        ]),
                    ])
                ),
                ("ThresholdMetricId", .string(band.id)),
            ]
        } else {
            members += [
                ("MetricName", .string(d.metric.name)), ("Namespace", .string(d.metric.namespace)),
                (d.statistic.isExtended ? "ExtendedStatistic" : "Statistic", .string(d.statistic.name)),
                ("Dimensions", dimensionsJSON(d.metric)), ("Period", .int(Int64(d.periodSeconds))),
                ("Unit", d.unit.map { .string($0.rawValue) }), ("EvaluationPeriods", .int(Int64(d.evaluationPeriods))),
                ("DatapointsToAlarm", .int(Int64(d.datapointsToAlarm))), ("Threshold", d.threshold.map(AWSJSON.double)),
                ("ComparisonOperator", .string(d.comparison.rawValue)), ("TreatMissingData", .string(d.treatMissingData)),
            ]
        }
        members.append(("StateTransitionedTimestamp", seconds(m.updated)))
        return .members(members)
    }

    /// `DescribeAlarmHistory`: the region's history items, newest first unless `ScanBy` says otherwise.
    func describeAlarmHistory(_ request: AWSRequest) throws(AWSError) -> AWSResponse {
        let body = try request.json()
        let name = body["AlarmName"]?.string
        let kind = body["HistoryItemType"]?.string
        if let kind, AlarmHistoryItem.Kind(rawValue: kind) == nil {
            throw Self.invalidValue("The parameter HistoryItemType must be a value in the set [ ConfigurationUpdate, StateUpdate, Action ].")
        }
        let from = body["StartDate"] == nil ? Int64.min : try Self.time(body, "StartDate")
        let to = body["EndDate"] == nil ? Int64.max : try Self.time(body, "EndDate")
        let max = Int(body["MaxRecords"]?.int ?? 100)
        guard (1...100).contains(max) else { throw Self.invalidValue("The parameter MaxRecords must be between 1 and 100.") }
        let start = try Self.pageOffset(body)
        var items = (alarms?.history ?? []).filter { h in
            h.region == request.region && (name == nil || h.alarmName == name) && (kind == nil || h.kind.rawValue == kind)
                && h.timestamp >= from && h.timestamp < to
        }
        if body["ScanBy"]?.string == "TimestampAscending" { items.reverse() }
        let page = items.dropFirst(start).prefix(max)
        let json: [AWSJSON] = page.map { h in
            .object([
                ("AlarmName", .string(h.alarmName)), ("AlarmType", .string("MetricAlarm")), ("Timestamp", Self.seconds(h.timestamp)),
                ("HistoryItemType", .string(h.kind.rawValue)), ("HistorySummary", .string(h.summary)), ("HistoryData", .string(h.data)),
            ])
        }
        let next = start + page.count < items.count ? AWSJSON.string(String(start + page.count)) : nil
        return Self.json(.members([("AlarmHistoryItems", .array(json)), ("NextToken", next)]))
    }
}
