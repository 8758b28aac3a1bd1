import AWSAPI
import Observability

/// CloudWatch Logs (2014-03-28, json 1.1) over each region's log store: `DescribeLogGroups`,
/// `DescribeLogStreams`, `GetLogEvents` and `FilterLogEvents`, with botocore's shapes, so
/// `aws logs ...` and boto3 read the functions' START/END/REPORT lines and the APIs' access logs.
///
/// Pagination tokens are opaque to clients: an offset for the describe and filter calls, and
/// `f/<sequence>` / `b/<sequence>` for `GetLogEvents` (a forward token repeats once the stream
/// is read to its end, which ends the CLI's paginator as AWS's does).
struct LogsAPI {
    /// Each region's store.
    let stores: [String: LogStore]
    let accountID: String

    static let targetPrefix = "Logs_20140328"

    var service: AWSService {
        AWSService(
            signingName: "logs", wireProtocol: .json(targetPrefix: Self.targetPrefix, version: "1.1"),
            operations: [
                AWSOperation("DescribeLogGroups") { request throws(AWSError) in try describeLogGroups(request) },
                AWSOperation("DescribeLogStreams") { request throws(AWSError) in try describeLogStreams(request) },
                AWSOperation("GetLogEvents") { request throws(AWSError) in try getLogEvents(request) },
                AWSOperation("FilterLogEvents") { request throws(AWSError) in try filterLogEvents(request) },
            ])
    }

    func store(_ request: AWSRequest) -> LogStore { stores[request.region] ?? LogStore() }

    static func json(_ value: AWSJSON) -> AWSResponse { .json(value, contentType: "application/x-amz-json-1.1") }

    /// A `LogsError` as the API's error.
    static func error(_ e: LogsError) -> AWSError { AWSError(code: e.code, message: e.message, status: e.httpStatus) }

    static func invalid(_ message: String) -> AWSError { error(.invalidParameter(message)) }

    /// `limit` within `1...maximum` (default `maximum`).
    static func limit(_ body: AWSJSON, maximum: Int, member: String = "limit") throws(AWSError) -> Int {
        guard let value = body[member] else { return maximum }
        guard let n = value.int, n >= 1, n <= maximum else {
            throw Self.invalid("1 validation error detected: Value '\(value.text)' at '\(member)' failed to satisfy constraint: Member must have value less than or equal to \(maximum) and greater than or equal to 1")
        }
        return Int(n)
    }

    /// A describe call's page: `offset` from an opaque token.
    static func offset(_ body: AWSJSON) throws(AWSError) -> Int {
        guard let token = body["nextToken"]?.string else { return 0 }
        guard token.hasPrefix("o/"), let n = Int(token.dropFirst(2)), n >= 0 else {
            throw Self.invalid("The specified nextToken is invalid.")
        }
        return n
    }

    /// The group a call names (`logGroupName`, or `logGroupIdentifier` as a name or ARN).
    static func groupName(_ body: AWSJSON) throws(AWSError) -> String {
        if let name = body["logGroupName"]?.string { return name }
        if var identifier = body["logGroupIdentifier"]?.string {
            if identifier.hasPrefix("arn:"), let range = identifier.range(of: ":log-group:") {
                identifier = String(identifier[range.upperBound...])
                if identifier.hasSuffix(":*") { identifier.removeLast(2) }
            }
            return identifier
        }
        throw Self.invalid("Should provide either logGroupName or logGroupIdentifier.")
    }

    func groupARN(_ region: String, _ name: String) -> String { "arn:aws:logs:\(region):\(accountID):log-group:\(name)" }

    func describeLogGroups(_ request: AWSRequest) throws(AWSError) -> AWSResponse {
        let body = try request.json()
        let limit = try Self.limit(body, maximum: 50)
        let start = try Self.offset(body)
        var groups = store(request).describeLogGroups(prefix: body["logGroupNamePrefix"]?.string)
        if let pattern = body["logGroupNamePattern"]?.string?.lowercased() {
            if body["logGroupNamePrefix"] != nil {
                throw Self.invalid("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.")
            }
            groups = groups.filter { $0.logGroupName.lowercased().contains(pattern) }
        }
        let page = groups.dropFirst(start).prefix(limit)
        let items: [AWSJSON] = page.map { g in
            .members([
                ("logGroupName", .string(g.logGroupName)), ("creationTime", .int(g.creationTime)),
                ("retentionInDays", g.retentionInDays.map { .int(Int64($0)) }), ("metricFilterCount", .int(0)),
                ("arn", .string(groupARN(request.region, g.logGroupName) + ":*")), ("storedBytes", .int(Int64(g.storedBytes))),
                ("logGroupClass", .string("STANDARD")), ("logGroupArn", .string(groupARN(request.region, g.logGroupName))),
            ])
        }
        let next = start + page.count < groups.count ? AWSJSON.string("o/\(start + page.count)") : nil
        return Self.json(.members([("logGroups", .array(items)), ("nextToken", next)]))
    }

    func describeLogStreams(_ request: AWSRequest) throws(AWSError) -> AWSResponse {
        let body = try request.json()
        let group = try Self.groupName(body)
        let limit = try Self.limit(body, maximum: 50)
        let start = try Self.offset(body)
        let prefix = body["logStreamNamePrefix"]?.string
        let orderBy = body["orderBy"]?.string ?? "LogStreamName"
        guard orderBy == "LogStreamName" || orderBy == "LastEventTime" else {
            throw Self.invalid("1 validation error detected: Value '\(orderBy)' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]")
        }
        if orderBy == "LastEventTime", prefix != nil {
            throw Self.invalid("Cannot order by LastEventTime with a logStreamNamePrefix.")
        }
        var streams: [LogStreamDescription]
        do throws(LogsError) { streams = try store(request).describeLogStreams(group: group) } catch { throw Self.error(error) }
        if let prefix { streams = streams.filter { $0.logStreamName.hasPrefix(prefix) } }
        if orderBy == "LogStreamName" {
            streams.sort { $0.logStreamName < $1.logStreamName }
        } else {
            streams.sort { ($0.lastEventTimestamp ?? $0.creationTime, $0.logStreamName) < ($1.lastEventTimestamp ?? $1.creationTime, $1.logStreamName) }
        }
        if body["descending"]?.bool == true { streams.reverse() }
        let page = streams.dropFirst(start).prefix(limit)
        let items: [AWSJSON] = page.map { s in
            .members([
                ("logStreamName", .string(s.logStreamName)), ("creationTime", .int(s.creationTime)),
                ("firstEventTimestamp", s.firstEventTimestamp.map(AWSJSON.int)), ("lastEventTimestamp", s.lastEventTimestamp.map(AWSJSON.int)),
                ("lastIngestionTime", s.lastIngestionTime.map(AWSJSON.int)),
                ("arn", .string("\(groupARN(request.region, group)):log-stream:\(s.logStreamName)")), ("storedBytes", .int(0)),
            ])
        }
        let next = start + page.count < streams.count ? AWSJSON.string("o/\(start + page.count)") : nil
        return Self.json(.members([("logStreams", .array(items)), ("nextToken", next)]))
    }
}
