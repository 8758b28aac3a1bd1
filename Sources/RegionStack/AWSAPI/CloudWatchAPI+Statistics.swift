import AWSAPI
import Observability

extension CloudWatchAPI {
    /// CloudWatch's cap on datapoints per call.
    static let maxDatapoints = 1_440

    /// `GetMetricStatistics`: one series' datapoints, oldest first, each with the asked statistics.
    func getMetricStatistics(_ request: AWSRequest) throws(AWSError) -> AWSResponse {
        let body = try request.json()
        let key = try Self.key(region: request.region, body)
        let start = try Self.time(body, "StartTime")
        let end = try Self.time(body, "EndTime")
        let period = try checkPeriod(body["Period"]?.int)
        guard start < end else { throw Self.invalidValue("The parameter StartTime must be less than the parameter EndTime.") }
        let standard = body["Statistics"]?.array?.compactMap(\.string) ?? []
        let extended = body["ExtendedStatistics"]?.array?.compactMap(\.string) ?? []
        guard !standard.isEmpty || !extended.isEmpty else {
            throw Self.missing("Statistics")
        }
        var statistics: [MetricStatistic] = []
        for name in standard {
            guard let s = MetricStatistic(name), !s.isExtended else {
                throw Self.invalidValue("The parameter Statistics.member.1 must be a value in the set [ Minimum, Maximum, SampleCount, Sum, Average ].")
            }
            statistics.append(s)
        }
        var percentiles: [(String, MetricStatistic)] = []
        for name in extended {
            guard let s = MetricStatistic(name), s.isExtended else {
                throw Self.invalidValue("The parameter ExtendedStatistics.member.1 must be a percentile (p0.0 to p100).")
            }
            percentiles.append((name, s))
        }
        let requested = (end - start) / (Int64(period) * 1000) + 1
        if requested > Int64(Self.maxDatapoints) {
            throw Self.combination(
                "You have requested up to \(requested) datapoints, which exceeds the limit of \(Self.maxDatapoints). You may reduce the datapoints requested by increasing Period, or decreasing the time range.")
        }
        let series = store.existing(key)
        if let wanted = body["Unit"]?.string, let series, wanted != series.unit.rawValue {
            return Self.json(.object([("Label", .string(key.name)), ("Datapoints", .array([]))]))
        }
        let unit = series?.unit.rawValue ?? "None"
        let points = series?.datapoints(start: start, end: end, period: Int64(period) * 1000) ?? []
        let items: [AWSJSON] = points.map { p in
            var members: [(String, AWSJSON?)] = [("Timestamp", Self.seconds(p.timestamp))]
            for s in statistics { members.append((s.name, p.value(s).map(AWSJSON.double))) }
            members.append(("Unit", .string(unit)))
            if !percentiles.isEmpty {
                members.append(("ExtendedStatistics", .object(percentiles.compactMap { name, s in p.value(s).map { (name, .double($0)) } })))
            }
            return .members(members)
        }
        return Self.json(.object([("Label", .string(key.name)), ("Datapoints", .array(items))]))
    }

    /// `GetMetricData`: `MetricStat` queries (metric math expressions are refused), newest first
    /// unless `ScanBy` is `TimestampAscending`.
    func getMetricData(_ request: AWSRequest) throws(AWSError) -> AWSResponse {
        let body = try request.json()
        guard let queries = body["MetricDataQueries"]?.array, !queries.isEmpty else { throw Self.missing("MetricDataQueries") }
        let start = try Self.time(body, "StartTime")
        let end = try Self.time(body, "EndTime")
        guard start < end else { throw Self.invalidValue("The parameter StartTime must be less than the parameter EndTime.") }
        let ascending = body["ScanBy"]?.string == "TimestampAscending"
        var results: [AWSJSON] = []
        for query in queries {
            let id = try Self.required(query, "Id")
            if let expression = query["Expression"]?.string {
                throw Self.invalidValue(
                    "Metric math expressions are not implemented by this emulator (RegionStack): the query \(id) has the expression \(expression).")
            }
            guard let stat = query["MetricStat"] else { throw Self.missing("MetricDataQueries.member.MetricStat") }
            guard let metric = stat["Metric"] else { throw Self.missing("MetricDataQueries.member.MetricStat.Metric") }
            let key = try Self.key(region: request.region, metric)
            let period = try checkPeriod(stat["Period"]?.int)
            let statName = try Self.required(stat, "Stat")
            guard let statistic = MetricStatistic(statName) else {
                throw Self.invalidValue("The value \(statName) for parameter MetricDataQueries.member.MetricStat.Stat is not supported.")
            }
            guard query["ReturnData"]?.bool ?? true else { continue }
            var points = store.datapoints(key, start: start, end: end, periodSeconds: period)
            if let unit = stat["Unit"]?.string, let series = store.existing(key), unit != series.unit.rawValue { points = [] }
            if !ascending { points.reverse() }
            let pairs = points.compactMap { p in p.value(statistic).map { (p.timestamp, $0) } }
            results.append(
                .object([
                    ("Id", .string(id)), ("Label", .string(query["Label"]?.string ?? key.name)),
                    ("Timestamps", .array(pairs.map { Self.seconds($0.0) })), ("Values", .array(pairs.map { .double($0.1) })),
                    ("StatusCode", .string("Complete")),
                ]))
        }
        return Self.json(.object([("MetricDataResults", .array(results)), ("Messages", .array([]))]))
    }
}
