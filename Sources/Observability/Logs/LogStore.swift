import Synchronization

/// The in-memory CloudWatch Logs of one region: groups, streams and bounded event buffers.
///
/// Thread-safe (one `Mutex` around `LogStoreState`), synchronous and non-blocking so it can be
/// called from async code, handler code and I/O threads alike. Each stream keeps at most
/// `eventsPerStream` events (default 10,000); older ones are overwritten and counted as dropped.
public final class LogStore: Sendable {
    private let state: Mutex<LogStoreState>
    private let clock: @Sendable () -> Int64
    private let mirror: LogMirrorWriter?

    /// The default per-stream cap.
    public static let defaultEventsPerStream = 10_000

    /// Creates a store.
    /// - Parameters:
    ///   - eventsPerStream: how many events each stream keeps.
    ///   - mirror: where events are also written.
    ///   - clock: wall clock in epoch milliseconds (ingestion time, default timestamps, retention).
    public init(
        eventsPerStream: Int = LogStore.defaultEventsPerStream, mirror: LogMirror = .none,
        clock: @escaping @Sendable () -> Int64 = LogTimeFormat.nowMilliseconds
    ) {
        state = Mutex(LogStoreState(eventsPerStream: eventsPerStream))
        self.clock = clock
        self.mirror = LogMirrorWriter(mirror)
    }

    /// The per-stream cap.
    public var eventsPerStream: Int { state.withLock { $0.eventsPerStream } }

    /// The store's clock reading, epoch milliseconds.
    public func now() -> Int64 { clock() }

    /// `CreateLogGroup`: fails with `ResourceAlreadyExistsException` if it exists.
    public func createLogGroup(_ name: String, retentionInDays: Int? = nil) throws(LogsError) {
        let now = clock()
        try state.withLock { (state: inout LogStoreState) throws(LogsError) in
            try state.createLogGroup(name, retentionInDays: retentionInDays, now: now)
        }
    }

    /// Creates the group if missing (Terraform's log group, or Lambda's implicit one).
    @discardableResult
    public func ensureLogGroup(_ name: String, retentionInDays: Int? = nil) -> LogGroupDescription {
        let now = clock()
        return state.withLock { $0.ensureLogGroup(name, retentionInDays: retentionInDays, now: now) }
    }

    /// `PutRetentionPolicy` / `DeleteRetentionPolicy` (nil).
    public func putRetentionPolicy(_ name: String, retentionInDays: Int?) throws(LogsError) {
        try state.withLock { (state: inout LogStoreState) throws(LogsError) in
            try state.putRetentionPolicy(name, retentionInDays: retentionInDays)
        }
    }

    /// `DeleteLogGroup`.
    public func deleteLogGroup(_ name: String) throws(LogsError) {
        try state.withLock { (state: inout LogStoreState) throws(LogsError) in try state.deleteLogGroup(name) }
    }

    /// `CreateLogStream`.
    public func createLogStream(group: String, stream: String) throws(LogsError) {
        let now = clock()
        try state.withLock { (state: inout LogStoreState) throws(LogsError) in
            try state.createLogStream(group: group, stream: stream, now: now)
        }
    }

    /// Creates the group and the stream if missing.
    public func ensureLogStream(group: String, stream: String) {
        let now = clock()
        state.withLock { $0.ensureLogStream(group: group, stream: stream, now: now) }
    }

    /// `PutLogEvents` into an existing stream.
    public func putLogEvents(group: String, stream: String, events: [InputLogEvent]) throws(LogsError) {
        let now = clock()
        let stored = try state.withLock { (state: inout LogStoreState) throws(LogsError) in
            try state.putLogEvents(group: group, stream: stream, events: events, now: now)
        }
        mirror?.write(stored)
    }

    /// Appends one line, creating the group and stream if missing; `timestamp` defaults to now.
    public func append(group: String, stream: String, message: String, timestamp: Int64? = nil) {
        append(group: group, stream: stream, lines: CollectionOfOne(message), timestamp: timestamp)
    }

    /// Appends lines with one timestamp, creating the group and stream if missing.
    public func append(group: String, stream: String, messages: [String], timestamp: Int64? = nil) {
        append(group: group, stream: stream, lines: messages, timestamp: timestamp)
    }

    private func append<Lines: Collection<String>>(group: String, stream: String, lines: Lines, timestamp: Int64?) {
        let now = clock()
        let collect = mirror != nil
        let stored = state.withLock { state in
            state.append(group: group, stream: stream, messages: lines, timestamp: timestamp ?? now, now: now, collect: collect)
        }
        mirror?.write(stored)
    }

    /// `DescribeLogGroups` (by name prefix).
    public func describeLogGroups(prefix: String? = nil) -> [LogGroupDescription] {
        state.withLock { $0.describeLogGroups(prefix: prefix) }
    }

    /// `DescribeLogStreams`, most recently written first.
    public func describeLogStreams(group: String) throws(LogsError) -> [LogStreamDescription] {
        try state.withLock { (state: inout LogStoreState) throws(LogsError) in try state.describeLogStreams(group: group) }
    }

    /// `FilterLogEvents`-style read of one group.
    public func query(_ query: LogQuery) throws(LogsError) -> [LogEvent] {
        let now = clock()
        return try state.withLock { (state: inout LogStoreState) throws(LogsError) in try state.query(query, now: now) }
    }

    /// The messages of one stream, oldest first (convenience for tests and `logs` commands).
    public func messages(group: String, stream: String) -> [String] {
        ((try? query(LogQuery(logGroupName: group, logStreamNames: [stream]))) ?? []).map(\.message)
    }
}
