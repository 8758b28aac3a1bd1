import AWSAPI
import Observability

extension LogsAPI {
    /// `GetLogEvents`: one stream, newest `limit` events by default, oldest first with
    /// `startFromHead`; `f/`/`b/` tokens move forward and back by event sequence.
    func getLogEvents(_ request: AWSRequest) throws(AWSError) -> AWSResponse {
        let body = try request.json()
        let group = try Self.groupName(body)
        guard let stream = body["logStreamName"]?.string else {
            throw Self.invalid("1 validation error detected: Value null at 'logStreamName' failed to satisfy constraint: Member must not be null")
        }
        let limit = try Self.limit(body, maximum: 10_000)
        let logs = store(request)
        do throws(LogsError) {
            guard try logs.describeLogStreams(group: group).contains(where: { $0.logStreamName == stream }) else {
                throw LogsError.streamNotFound(group, stream)
            }
        } catch { throw Self.error(error) }
        let all: [LogEvent]
        do throws(LogsError) {
            all = try logs.query(
                LogQuery(logGroupName: group, logStreamNames: [stream], startTime: body["startTime"]?.int, endTime: body["endTime"]?.int))
        } catch { throw Self.error(error) }
        var page: ArraySlice<LogEvent>
        if let token = body["nextToken"]?.string {
            guard token.count > 2, let seq = UInt64(token.dropFirst(2)), token.hasPrefix("f/") || token.hasPrefix("b/") else {
                throw Self.invalid("The specified nextToken is invalid.")
            }
            if token.hasPrefix("f/") {
                page = all.filter { $0.sequence >= seq }.prefix(limit)[...]
            } else {
                page = all.filter { $0.sequence < seq }.suffix(limit)[...]
            }
        } else if body["startFromHead"]?.bool == true {
            page = all.prefix(limit)
        } else {
            page = all.suffix(limit)
        }
        let forward = page.last.map { $0.sequence + 1 } ?? Self.forwardFloor(all, body["nextToken"]?.string)
        let backward = page.first?.sequence ?? forward
        let events: [AWSJSON] = page.map {
            .object([("timestamp", .int($0.timestamp)), ("message", .string($0.message)), ("ingestionTime", .int($0.ingestionTime))])
        }
        return Self.json(
            .object([
                ("events", .array(events)), ("nextForwardToken", .string(Self.token("f", forward))),
                ("nextBackwardToken", .string(Self.token("b", backward))),
            ]))
    }

    /// Where a forward token stays when a page is empty: the token's own position, else past the end.
    static func forwardFloor(_ all: [LogEvent], _ token: String?) -> UInt64 {
        if let token, token.hasPrefix("f/"), let seq = UInt64(token.dropFirst(2)) { return seq }
        return (all.last?.sequence).map { $0 + 1 } ?? 0
    }

    /// `f/` or `b/` and 56 digits, as AWS's tokens look.
    static func token(_ direction: String, _ sequence: UInt64) -> String {
        let digits = String(sequence)
        return "\(direction)/" + String(repeating: "0", count: max(0, 56 - digits.count)) + digits
    }

    /// `FilterLogEvents`: every selected stream of a group, merged by time, through a filter pattern.
    func filterLogEvents(_ request: AWSRequest) throws(AWSError) -> AWSResponse {
        let body = try request.json()
        let group = try Self.groupName(body)
        let limit = try Self.limit(body, maximum: 10_000)
        let start = try Self.offset(body)
        let names = body["logStreamNames"]?.array?.compactMap(\.string)
        let prefix = body["logStreamNamePrefix"]?.string
        if names != nil, prefix != nil {
            throw Self.invalid("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.")
        }
        let pattern: FilterPattern?
        do throws(LogsError) {
            pattern = try body["filterPattern"]?.string.map { (text: String) throws(LogsError) in try FilterPattern.parse(text) }
        } catch { throw Self.error(error) }
        let events: [LogEvent]
        do throws(LogsError) {
            events = try store(request).query(
                LogQuery(
                    logGroupName: group, logStreamNames: names, logStreamNamePrefix: prefix, startTime: body["startTime"]?.int,
                    endTime: body["endTime"]?.int, filter: pattern))
        } catch { throw Self.error(error) }
        let page = events.dropFirst(start).prefix(limit)
        let items: [AWSJSON] = page.map { e in
            .object([
                ("logStreamName", .string(e.logStreamName)), ("timestamp", .int(e.timestamp)), ("message", .string(e.message)),
                ("ingestionTime", .int(e.ingestionTime)), ("eventId", .string(Self.eventID(e))),
            ])
        }
        let searched = Set(page.map(\.logStreamName)).sorted().map {
            AWSJSON.object([("logStreamName", .string($0)), ("searchedCompletely", .bool(true))])
        }
        let next = start + page.count < events.count ? AWSJSON.string("o/\(start + page.count)") : nil
        return Self.json(.members([("events", .array(items)), ("searchedLogStreams", .array(searched)), ("nextToken", next)]))
    }

    /// A 56-digit event id from the event's time and sequence, as AWS's look.
    static func eventID(_ e: LogEvent) -> String {
        let time = String(e.timestamp)
        let seq = String(e.sequence)
        return String(repeating: "0", count: max(0, 24 - time.count)) + time + String(repeating: "0", count: max(0, 32 - seq.count)) + seq
    }
}
