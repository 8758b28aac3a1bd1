import AWSAPI
import Observability

/// CloudWatch (2010-08-01) over the stack's metric store and alarms: `ListMetrics`,
/// `GetMetricStatistics`, `GetMetricData`, `DescribeAlarms` and `DescribeAlarmHistory`.
///
/// botocore 1.43 models CloudWatch with the protocols `smithy-rpc-v2-cbor`, `json` and `query`
/// and picks `json` (awsJson1_0, `X-Amz-Target: GraniteServiceVersion20100801.<Operation>`), so
/// awscli v1 and boto3 speak that. CloudWatch is `awsQueryCompatible`: errors carry the
/// query-era code in `x-amzn-query-error` (`InvalidParameterValue`, `MissingParameter`), which
/// the SDKs report. Timestamps are epoch seconds. Each region sees only its own series and alarms.
struct CloudWatchAPI {
    let store: MetricStore
    let alarms: AlarmService?

    static let targetPrefix = "GraniteServiceVersion20100801"

    var service: AWSService {
        AWSService(
            signingName: "monitoring", wireProtocol: .json(targetPrefix: Self.targetPrefix, version: "1.0"),
            operations: [
                AWSOperation("ListMetrics") { request throws(AWSError) in try listMetrics(request) },
                AWSOperation("GetMetricStatistics") { request throws(AWSError) in try getMetricStatistics(request) },
                AWSOperation("GetMetricData") { request throws(AWSError) in try getMetricData(request) },
                AWSOperation("DescribeAlarms") { request throws(AWSError) in try describeAlarms(request) },
                AWSOperation("DescribeAlarmHistory") { request throws(AWSError) in try describeAlarmHistory(request) },
            ])
    }

    static func json(_ value: AWSJSON) -> AWSResponse { .json(value, contentType: "application/x-amz-json-1.0") }

    // MARK: errors (awsQueryCompatible)

    static func invalidValue(_ message: String) -> AWSError {
        AWSError(code: "InvalidParameterValueException", message: message, queryCompatibleCode: "InvalidParameterValue")
    }

    static func missing(_ name: String) -> AWSError {
        AWSError(
            code: "MissingRequiredParameterException", message: "The parameter \(name) is required.",
            queryCompatibleCode: "MissingParameter")
    }

    static func combination(_ message: String) -> AWSError {
        AWSError(code: "InvalidParameterCombinationException", message: message, queryCompatibleCode: "InvalidParameterCombination")
    }

    static func invalidToken() -> AWSError {
        AWSError(code: "InvalidNextToken", message: "The specified nextToken is invalid.", queryCompatibleCode: "InvalidNextToken")
    }

    // MARK: inputs

    static func required(_ body: AWSJSON, _ name: String) throws(AWSError) -> String {
        guard let value = body[name]?.string, !value.isEmpty else { throw missing(name) }
        return value
    }

    /// `Dimensions: [{Name, Value}]` (a missing `Value` matches any value, for `ListMetrics`).
    static func dimensions(_ body: AWSJSON) throws(AWSError) -> [(name: String, value: String?)] {
        guard let list = body["Dimensions"] else { return [] }
        guard let items = list.array else { throw invalidValue("The parameter Dimensions must be a list.") }
        var out: [(name: String, value: String?)] = []
        for item in items {
            guard let name = item["Name"]?.string else { throw missing("Dimensions.member.Name") }
            out.append((name, item["Value"]?.string))
        }
        return out
    }

    /// The exact key a statistics call names (every dimension with its value).
    static func key(region: String, _ body: AWSJSON) throws(AWSError) -> MetricKey {
        let namespace = try required(body, "Namespace")
        let name = try required(body, "MetricName")
        var dims: [MetricDimension] = []
        for d in try dimensions(body) {
            guard let value = d.value else { throw missing("Dimensions.member.Value") }
            dims.append(MetricDimension(name: d.name, value: value))
        }
        return MetricKey(region: region, namespace: namespace, name: name, dimensions: dims)
    }

    /// A timestamp member (epoch seconds) as epoch milliseconds.
    static func time(_ body: AWSJSON, _ name: String) throws(AWSError) -> Int64 {
        guard let member = body[name] else { throw missing(name) }
        guard let seconds = member.double, seconds.isFinite else { throw invalidValue("The parameter \(name) must be a timestamp.") }
        return Int64((seconds * 1000).rounded())
    }

    static func seconds(_ ms: Int64) -> AWSJSON { ms % 1000 == 0 ? .int(ms / 1000) : .double(Double(ms) / 1000) }

    static func dimensionsJSON(_ key: MetricKey) -> AWSJSON {
        .array(key.dimensions.map { .object([("Name", .string($0.name)), ("Value", .string($0.value))]) })
    }

    /// A period the store can answer: a positive multiple of its resolution, or 1, 5, 10 or 30 s
    /// (high resolution, from the 1-second ring) below it.
    func checkPeriod(_ period: Int64?) throws(AWSError) -> Int {
        guard let period else { throw Self.missing("Period") }
        let resolution = store.resolutionSeconds
        if period >= Int64(resolution), period % Int64(resolution) == 0 { return Int(period) }
        if period < Int64(resolution), [1, 5, 10, 30].contains(period), resolution % Int(period) == 0 { return Int(period) }
        throw Self.invalidValue("The parameter Period must be a multiple of \(resolution).")
    }

    // MARK: ListMetrics

    func listMetrics(_ request: AWSRequest) throws(AWSError) -> AWSResponse {
        let body = try request.json()
        let namespace = body["Namespace"]?.string
        let name = body["MetricName"]?.string
        let filter = try Self.dimensions(body)
        let start: Int
        if let token = body["NextToken"]?.string {
            guard let n = Int(token), n >= 0 else { throw Self.invalidToken() }
            start = n
        } else {
            start = 0
        }
        let recent = body["RecentlyActive"]?.string == "PT3H" ? store.now() - 3 * 3_600_000 : nil
        let matching = store.all(region: request.region).filter { s in
            (namespace == nil || s.key.namespace == namespace) && (name == nil || s.key.name == name) && s.key.matches(filter)
                && s.sampleTotal > 0 && (recent == nil || (s.newestPeriod ?? .min) >= recent!)
        }
        let page = matching.dropFirst(start).prefix(500)
        let metrics: [AWSJSON] = page.map { s in
            .object([("Namespace", .string(s.key.namespace)), ("MetricName", .string(s.key.name)), ("Dimensions", Self.dimensionsJSON(s.key))])
        }
        let next = start + page.count < matching.count ? AWSJSON.string(String(start + page.count)) : nil
        return Self.json(.members([("Metrics", .array(metrics)), ("NextToken", next)]))
    }
}
