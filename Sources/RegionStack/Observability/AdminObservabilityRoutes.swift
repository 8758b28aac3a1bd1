import AWSAPI
import HTTP
import Observability

/// The admin listener's read API for metrics, alarms and logs, which the dashboard polls, and
/// Prometheus' `GET /metrics`.
///
/// - `GET /metrics`: the Prometheus text exposition (format 0.0.4).
/// - `GET /_regionstack/metrics`: every series (region, namespace, name, dimensions, unit).
/// - `GET /_regionstack/metrics/query?region=&namespace=&name=&dim.<Name>=<value>&stat=&period=&minutes=`
///   (or `start`/`end` in epoch ms): one series' datapoints, oldest first.
/// - `GET /_regionstack/alarms` and `/_regionstack/alarms/history?name=&limit=`.
/// - `GET /_regionstack/logs` (groups) and `?group=&limit=&since=&filter=&after=` (events).
struct AdminObservabilityRoutes {
    let services: StackAssembly

    func respond(to request: HTTPRequest) -> HTTPReply? {
        let route: (([(String, String)]) throws(AdminQueryError) -> HTTPResponse)?
        switch request.path {
        case "/metrics": route = { _ in prometheus() }
        case "/_regionstack/metrics": route = { _ in metricList() }
        case "/_regionstack/metrics/query": route = query
        case "/_regionstack/alarms": route = { _ in alarmList() }
        case "/_regionstack/alarms/history": route = history
        case "/_regionstack/logs": route = logs
        default: route = nil
        }
        guard let route else { return nil }
        guard request.method == "GET" || request.method == "HEAD" else {
            var response = HTTPResponse.json(405, #"{"error":"method_not_allowed","allowed":["GET","HEAD"]}"#)
            response.headers.add(name: "Allow", value: "GET, HEAD")
            return .now(response)
        }
        do throws(AdminQueryError) {
            return .now(try route(FormEncoding.pairs(request.query)))
        } catch {
            return .now(.json(error.status, AWSJSON.object([("error", .string(error.code)), ("message", .string(error.message))]).text))
        }
    }

    func prometheus() -> HTTPResponse {
        var response = HTTPResponse(status: 200, body: services.metrics.prometheusText())
        response.headers.add(name: "Content-Type", value: MetricsHub.prometheusContentType)
        return response
    }

    static func json(_ value: AWSJSON) -> HTTPResponse { .json(200, value.text) }

    static func dimensions(_ key: MetricKey) -> AWSJSON { .object(key.dimensions.map { ($0.name, .string($0.value)) }) }

    func metricList() -> HTTPResponse {
        let items: [AWSJSON] = services.metrics.store.all().map { s in
            .object([
                ("region", .string(s.key.region)), ("namespace", .string(s.key.namespace)), ("name", .string(s.key.name)),
                ("dimensions", Self.dimensions(s.key)), ("unit", .string(s.unit.rawValue)),
            ])
        }
        return Self.json(.object([("metrics", .array(items))]))
    }

    func query(_ q: [(String, String)]) throws(AdminQueryError) -> HTTPResponse {
        func value(_ name: String) -> String? { q.first { $0.0 == name }?.1 }
        guard let region = value("region"), let namespace = value("namespace"), let name = value("name") else {
            throw .bad("region, namespace and name are required")
        }
        let dims = q.filter { $0.0.hasPrefix("dim.") }.map { MetricDimension(name: String($0.0.dropFirst(4)), value: $0.1) }
        let key = MetricKey(region: region, namespace: namespace, name: name, dimensions: dims)
        let statName = value("stat") ?? "Sum"
        guard let statistic = MetricStatistic(statName) else { throw .bad("unknown stat \(statName)") }
        let store = services.metrics.store
        let period = Int(value("period") ?? "") ?? store.resolutionSeconds
        guard period >= 1, period <= 86_400 else { throw .bad("period must be 1...86400 seconds") }
        let now = store.now()
        let end = Int64(value("end") ?? "") ?? now + 1
        let start = Int64(value("start") ?? "") ?? end - Int64(Int(value("minutes") ?? "") ?? 15) * 60_000
        guard start < end else { throw .bad("start must be before end") }
        guard (end - start) / (Int64(period) * 1000) <= 10_000 else { throw .bad("more than 10,000 periods asked") }
        let points: [AWSJSON] = store.datapoints(key, start: start, end: end, periodSeconds: period).compactMap { p in
            p.value(statistic).map { .object([("t", .int(p.timestamp)), ("v", .double($0))]) }
        }
        return Self.json(
            .object([
                ("region", .string(region)), ("namespace", .string(namespace)), ("name", .string(name)),
                ("dimensions", Self.dimensions(key)), ("stat", .string(statistic.name)), ("period", .int(Int64(period))),
                ("unit", .string(store.existing(key)?.unit.rawValue ?? "None")), ("points", .array(points)),
            ]))
    }

    func alarmList() -> HTTPResponse {
        let items: [AWSJSON] = (services.alarms?.alarms ?? []).map { m in
            let d = m.definition
            return .members([
                ("name", .string(d.name)), ("region", .string(d.region)), ("state", .string(m.state.rawValue)),
                ("reason", .string(m.reason)), ("updated", .int(m.updated)), ("namespace", .string(d.metric.namespace)),
                ("metric", .string(d.metric.name)), ("dimensions", Self.dimensions(d.metric)), ("statistic", .string(d.statistic.name)),
                ("period", .int(Int64(d.periodSeconds))), ("evaluation_periods", .int(Int64(d.evaluationPeriods))),
                ("threshold", d.threshold.map(AWSJSON.double) ?? .null), ("operator", .string(d.comparison.rawValue)),
                ("band", d.anomalyBand.map { .string($0.expression) }),
            ])
        }
        return Self.json(.object([("alarms", .array(items))]))
    }

    func history(_ q: [(String, String)]) throws(AdminQueryError) -> HTTPResponse {
        let name = q.first { $0.0 == "name" }?.1
        let limit = try Self.limit(q, default: 50)
        let items: [AWSJSON] = (services.alarms?.history ?? []).filter { $0.kind == .stateUpdate && (name == nil || $0.alarmName == name) }
            .prefix(limit).map { h in
                .object([
                    ("name", .string(h.alarmName)), ("region", .string(h.region)), ("time", .int(h.timestamp)),
                    ("from", .string(h.transition?.from.rawValue ?? "")), ("to", .string(h.transition?.to.rawValue ?? "")),
                    ("reason", .string(h.transition?.reason ?? h.summary)),
                ])
            }
        return Self.json(.object([("history", .array(items))]))
    }

    static func limit(_ q: [(String, String)], default fallback: Int, maximum: Int = 10_000) throws(AdminQueryError) -> Int {
        guard let text = q.first(where: { $0.0 == "limit" })?.1 else { return fallback }
        guard let n = Int(text), n > 0 else { throw .bad("limit must be a positive number") }
        return min(n, maximum)
    }

    func logs(_ q: [(String, String)]) throws(AdminQueryError) -> HTTPResponse {
        guard let group = q.first(where: { $0.0 == "group" })?.1 else {
            let groups = services.regions.flatMap { $0.logs.describeLogGroups() }.map(\.logGroupName).sorted()
            return Self.json(.object([("groups", .array(groups.map(AWSJSON.string)))]))
        }
        let limit = try Self.limit(q, default: 100)
        let since = q.first { $0.0 == "since" }.flatMap { Int64($0.1) }
        let after = q.first { $0.0 == "after" }.flatMap { UInt64($0.1) }
        let events: [LogEvent]
        do throws(LogsError) {
            var filter: FilterPattern?
            if let text = q.first(where: { $0.0 == "filter" })?.1 { filter = try FilterPattern.parse(text) }
            guard let store = services.logs(holding: group) else { throw LogsError.groupNotFound(group) }
            // The newest `limit` matching events, printed oldest first.
            events = try store.query(
                LogQuery(logGroupName: group, startTime: since, filter: filter, limit: limit, order: .newestFirst, afterSequence: after)
            ).reversed()
        } catch {
            throw AdminQueryError(status: error.code == "ResourceNotFoundException" ? 404 : 400, code: error.code, message: error.message)
        }
        let items: [AWSJSON] = events.map { e in
            .object([
                ("timestamp", .int(e.timestamp)), ("stream", .string(e.logStreamName)), ("message", .string(e.message)),
                ("seq", .int(Int64(e.sequence))),
            ])
        }
        return Self.json(.object([("group", .string(group)), ("events", .array(items))]))
    }
}

/// A refused admin read: status, code and message for the JSON body.
struct AdminQueryError: Error {
    var status: Int
    var code: String
    var message: String

    static func bad(_ message: String) -> AdminQueryError { AdminQueryError(status: 400, code: "bad_request", message: message) }
}
