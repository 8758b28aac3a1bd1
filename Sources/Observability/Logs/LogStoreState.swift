/// The log store's data: groups, their streams and bounded event buffers; no locks, no clocks.
///
/// Kept separate from `LogStore` (the locked shell) so every rule can be tested synchronously
/// with explicit times.
public struct LogStoreState: Sendable {
    struct Stream: Sendable {
        var description: LogStreamDescription
        var events: RingBuffer<LogEvent>
    }

    struct Group: Sendable {
        var description: LogGroupDescription
        var streams: [String: Stream] = [:]
    }

    /// The most events kept per stream; older ones are overwritten.
    public let eventsPerStream: Int
    private var groups: [String: Group] = [:]
    private var nextSequence: UInt64 = 0

    /// Creates an empty state with the given per-stream cap.
    public init(eventsPerStream: Int) {
        self.eventsPerStream = max(1, eventsPerStream)
    }

    /// Creates a group; fails if it exists.
    public mutating func createLogGroup(_ name: String, retentionInDays: Int?, now: Int64) throws(LogsError) {
        guard !name.isEmpty, name.count <= 512 else { throw .invalidParameter("Invalid log group name: \(name)") }
        guard groups[name] == nil else { throw .groupExists(name) }
        groups[name] = Group(description: LogGroupDescription(logGroupName: name, retentionInDays: retentionInDays, creationTime: now))
    }

    /// Creates the group if missing and returns its description.
    @discardableResult
    public mutating func ensureLogGroup(_ name: String, retentionInDays: Int?, now: Int64) -> LogGroupDescription {
        if groups[name] == nil {
            groups[name] = Group(description: LogGroupDescription(logGroupName: name, retentionInDays: retentionInDays, creationTime: now))
        }
        return groups[name]!.description
    }

    /// Sets (or clears, with nil) a group's retention.
    public mutating func putRetentionPolicy(_ name: String, retentionInDays: Int?) throws(LogsError) {
        guard groups[name] != nil else { throw .groupNotFound(name) }
        groups[name]!.description.retentionInDays = retentionInDays
    }

    /// Deletes a group and its streams.
    public mutating func deleteLogGroup(_ name: String) throws(LogsError) {
        guard groups.removeValue(forKey: name) != nil else { throw .groupNotFound(name) }
    }

    /// Creates a stream in an existing group; fails if it exists.
    public mutating func createLogStream(group: String, stream: String, now: Int64) throws(LogsError) {
        guard groups[group] != nil else { throw .groupNotFound(group) }
        guard groups[group]!.streams[stream] == nil else { throw .streamExists(group, stream) }
        groups[group]!.streams[stream] = Stream(
            description: LogStreamDescription(logStreamName: stream, creationTime: now),
            events: RingBuffer(capacity: eventsPerStream))
    }

    /// Creates the group and stream if missing.
    public mutating func ensureLogStream(group: String, stream: String, now: Int64) {
        ensureLogGroup(group, retentionInDays: nil, now: now)
        if groups[group]!.streams[stream] == nil {
            groups[group]!.streams[stream] = Stream(
                description: LogStreamDescription(logStreamName: stream, creationTime: now),
                events: RingBuffer(capacity: eventsPerStream))
        }
    }

    /// Appends events to an existing stream and returns the stored events.
    public mutating func putLogEvents(group: String, stream: String, events: [InputLogEvent], now: Int64) throws(LogsError) -> [LogEvent] {
        guard groups[group] != nil else { throw .groupNotFound(group) }
        // Take the stream out while appending, so its ring buffer is uniquely referenced (no copy).
        guard var entry = groups[group]!.streams.removeValue(forKey: stream) else { throw .streamNotFound(group, stream) }
        var stored: [LogEvent] = []
        stored.reserveCapacity(events.count)
        for input in events {
            let event = LogEvent(
                logGroupName: group, logStreamName: stream, timestamp: input.timestamp, ingestionTime: now,
                message: input.message, sequence: nextSequence)
            nextSequence += 1
            entry.events.append(event)
            stored.append(event)
        }
        entry.description.firstEventTimestamp = entry.events.first?.timestamp
        entry.description.lastEventTimestamp = max(entry.description.lastEventTimestamp ?? .min, events.map(\.timestamp).max() ?? .min)
        entry.description.lastIngestionTime = now
        entry.description.storedEvents = entry.events.count
        entry.description.droppedEvents = entry.events.droppedCount
        groups[group]!.streams[stream] = entry
        return stored
    }

    /// Appends `messages` with one timestamp, creating the group and stream if missing (what
    /// `ensureLogStream` then `putLogEvents` do, with one lookup and the stream updated in place).
    /// Returns the stored events when `collect` (for a mirror), else nothing.
    public mutating func append<Messages: Collection<String>>(
        group: String, stream: String, messages: Messages, timestamp: Int64, now: Int64, collect: Bool
    ) -> [LogEvent] {
        if groups[group] == nil {
            groups[group] = Group(description: LogGroupDescription(logGroupName: group, retentionInDays: nil, creationTime: now))
        }
        let capacity = eventsPerStream
        var sequence = nextSequence
        var stored: [LogEvent] = []
        func fill(_ entry: inout Stream) {
            for message in messages {
                let event = LogEvent(
                    logGroupName: group, logStreamName: stream, timestamp: timestamp, ingestionTime: now, message: message,
                    sequence: sequence)
                sequence += 1
                entry.events.append(event)
                if collect { stored.append(event) }
            }
            entry.description.firstEventTimestamp = entry.events.first?.timestamp
            entry.description.lastEventTimestamp = max(entry.description.lastEventTimestamp ?? .min, messages.isEmpty ? .min : timestamp)
            entry.description.lastIngestionTime = now
            entry.description.storedEvents = entry.events.count
            entry.description.droppedEvents = entry.events.droppedCount
        }
        fill(
            &groups[group]!.streams[
                stream,
                default: Stream(
                    description: LogStreamDescription(logStreamName: stream, creationTime: now), events: RingBuffer(capacity: capacity))
            ])
        nextSequence = sequence
        return stored
    }

    /// Descriptions of groups whose name starts with `prefix`, sorted by name.
    public func describeLogGroups(prefix: String? = nil) -> [LogGroupDescription] {
        groups.values
            .filter { prefix == nil || $0.description.logGroupName.hasPrefix(prefix!) }
            .map { group in
                var description = group.description
                description.storedEvents = group.streams.values.reduce(0) { $0 + $1.events.count }
                description.storedBytes = group.streams.values.reduce(0) { total, stream in
                    stream.events.elements.reduce(total) { $0 + $1.message.utf8.count }
                }
                return description
            }
            .sorted { $0.logGroupName < $1.logGroupName }
    }

    /// Descriptions of a group's streams, newest event first (as `--order-by LastEventTime --descending`).
    public func describeLogStreams(group: String) throws(LogsError) -> [LogStreamDescription] {
        guard let entry = groups[group] else { throw .groupNotFound(group) }
        return entry.streams.values.map(\.description).sorted {
            ($0.lastEventTimestamp ?? $0.creationTime, $1.logStreamName) > ($1.lastEventTimestamp ?? $1.creationTime, $0.logStreamName)
        }
    }

    /// Events of one group matching `query`, merged across streams by (timestamp, write order).
    /// Events older than the group's retention (relative to `now`) are not returned.
    public func query(_ query: LogQuery, now: Int64) throws(LogsError) -> [LogEvent] {
        guard let entry = groups[query.logGroupName] else { throw .groupNotFound(query.logGroupName) }
        let oldestKept: Int64? = entry.description.retentionInDays.map { now - Int64($0) * 86_400_000 }
        var matches: [LogEvent] = []
        for (name, stream) in entry.streams where query.selects(stream: name) {
            for event in stream.events.elements where query.selects(timestamp: event.timestamp, message: event.message, sequence: event.sequence) {
                if let oldestKept, event.timestamp < oldestKept { continue }
                matches.append(event)
            }
        }
        matches.sort { ($0.timestamp, $0.sequence) < ($1.timestamp, $1.sequence) }
        if query.order == .newestFirst { matches.reverse() }
        if let limit = query.limit, limit >= 0, matches.count > limit { matches.removeSubrange(limit...) }
        return matches
    }
}
