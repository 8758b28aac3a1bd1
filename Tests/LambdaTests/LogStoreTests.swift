import Foundation
import Observability
import Synchronization
import Testing

/// A settable clock for log and metric tests.
final class ManualClock: Sendable {
    let value = Mutex<Int64>(1_700_000_000_000)
    func now() -> Int64 { value.withLock { $0 } }
    func advance(_ ms: Int64) { value.withLock { $0 += ms } }
}

@Suite struct LogStoreTests {
    @Test func groupsAndStreamsAreCreatedAndDescribed() throws {
        let clock = ManualClock()
        let store = LogStore(clock: clock.now)
        try store.createLogGroup("/aws/lambda/f", retentionInDays: 14)
        #expect(throws: LogsError.groupExists("/aws/lambda/f")) { try store.createLogGroup("/aws/lambda/f") }
        try store.createLogStream(group: "/aws/lambda/f", stream: "s1")
        #expect(throws: LogsError.self) { try store.createLogStream(group: "/nope", stream: "s1") }
        #expect(throws: LogsError.streamNotFound("/aws/lambda/f", "s2")) {
            try store.putLogEvents(group: "/aws/lambda/f", stream: "s2", events: [])
        }
        let groups = store.describeLogGroups(prefix: "/aws/lambda/")
        #expect(groups.count == 1)
        #expect(groups[0].retentionInDays == 14)
        #expect(groups[0].creationTime == clock.now())
    }

    @Test func queryFiltersByStreamTimeTextAndLimitInBothOrders() throws {
        let clock = ManualClock()
        let store = LogStore(clock: clock.now)
        let t0 = clock.now()
        store.append(group: "g", stream: "a", message: "one", timestamp: t0)
        store.append(group: "g", stream: "b", message: "two", timestamp: t0 + 10)
        store.append(group: "g", stream: "a", message: "three", timestamp: t0 + 20)
        store.append(group: "g", stream: "b", message: "four", timestamp: t0 + 20)
        let all = try store.query(LogQuery(logGroupName: "g")).map(\.message)
        #expect(all == ["one", "two", "three", "four"])
        let newest = try store.query(LogQuery(logGroupName: "g", limit: 2, order: .newestFirst)).map(\.message)
        #expect(newest == ["four", "three"])
        let streamA = try store.query(LogQuery(logGroupName: "g", logStreamNames: ["a"])).map(\.message)
        #expect(streamA == ["one", "three"])
        let window = try store.query(LogQuery(logGroupName: "g", startTime: t0 + 10, endTime: t0 + 20)).map(\.message)
        #expect(window == ["two"])
        let text = try store.query(LogQuery(logGroupName: "g", contains: "o")).map(\.message)
        #expect(text == ["one", "two", "four"])
        #expect(throws: LogsError.groupNotFound("x")) { try store.query(LogQuery(logGroupName: "x")) }
        // Follow: only events after the last one seen, even with an equal timestamp.
        let seen = try store.query(LogQuery(logGroupName: "g", logStreamNames: ["a"]))
        let follow = try store.query(LogQuery(logGroupName: "g", afterSequence: seen.last?.sequence)).map(\.message)
        #expect(follow == ["four"])
    }

    @Test func streamsAreBoundedRingBuffers() throws {
        let store = LogStore(eventsPerStream: 3)
        for index in 0..<5 { store.append(group: "g", stream: "s", message: "m\(index)") }
        #expect(store.messages(group: "g", stream: "s") == ["m2", "m3", "m4"])
        let description = try #require(try store.describeLogStreams(group: "g").first)
        #expect(description.storedEvents == 3)
        #expect(description.droppedEvents == 2)
    }

    @Test func retentionHidesOldEvents() throws {
        let clock = ManualClock()
        let store = LogStore(clock: clock.now)
        store.ensureLogGroup("g", retentionInDays: 1)
        store.append(group: "g", stream: "s", message: "old")
        clock.advance(2 * 86_400_000)
        store.append(group: "g", stream: "s", message: "new")
        #expect(try store.query(LogQuery(logGroupName: "g")).map(\.message) == ["new"])
    }

    @Test func mirrorWritesLinesToAFile() throws {
        let path = "/tmp/regionstack-logmirror-\(UInt64.random(in: 0 ... .max)).log"
        defer { unlink(path) }
        let store = LogStore(mirror: .file(path: path))
        store.append(group: "/aws/lambda/f", stream: "s", message: "hello mirror")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix(" /aws/lambda/f s hello mirror\n"))
    }

    @Test func ringBufferKeepsNewestInOrder() {
        var ring = RingBuffer<Int>(capacity: 3)
        for value in 1...7 { ring.append(value) }
        #expect(ring.elements == [5, 6, 7])
        #expect(ring.first == 5)
        #expect(ring.last == 7)
        #expect(ring.droppedCount == 4)
    }

    @Test func timestampsFormatLikeAWS() {
        #expect(LogTimeFormat.iso8601(milliseconds: 1_795_996_800_123) == "2026-11-30T00:00:00.123Z")
        #expect(LogTimeFormat.streamDate(milliseconds: 1_795_996_800_123) == "2026/11/30")
    }
}

@Suite struct MetricsRegistryTests {
    @Test func countersGaugesAndStatistics() {
        let clock = ManualClock()
        let metrics = MetricsRegistry(clock: clock.now)
        let errors = MetricKey(namespace: "AWS/Lambda", name: "Errors", dimensions: ["FunctionName": "f"])
        metrics.increment(errors)
        clock.advance(60_000)
        metrics.increment(errors, by: 2)
        #expect(metrics.counter(errors) == 3)
        #expect(metrics.statistics(errors, start: clock.now()).sum == 2)
        let same = MetricKey(namespace: "AWS/Lambda", name: "Errors", dimensions: ["FunctionName": "f"])
        #expect(metrics.counter(same) == 3)
        let other = MetricKey(namespace: "AWS/Lambda", name: "Errors", dimensions: ["FunctionName": "g"])
        #expect(metrics.counter(other) == 0)

        let concurrency = MetricKey(namespace: "AWS/Lambda", name: "ConcurrentExecutions")
        metrics.setGauge(concurrency, to: 4)
        metrics.setGauge(concurrency, to: 1)
        #expect(metrics.gauge(concurrency) == 1)
        let stats = metrics.statistics(concurrency)
        #expect(stats.maximum == 4)
        #expect(stats.average == 2.5)
        #expect(metrics.keys().count == 2)
    }

    @Test func applyingUpdatesTogetherEqualsApplyingThemOneByOne() {
        let clock = ManualClock()
        let batched = MetricsRegistry(clock: clock.now)
        let single = MetricsRegistry(clock: clock.now)
        let count = MetricKey(namespace: "AWS/Lambda", name: "Invocations", dimensions: ["FunctionName": "f"])
        let duration = MetricKey(namespace: "AWS/Lambda", name: "Duration", dimensions: ["FunctionName": "f"])
        let gauge = MetricKey(namespace: "AWS/Lambda", name: "ConcurrentExecutions")
        let rounds: [[MetricUpdate]] = [
            [.increment(count), .record(duration, value: 2.5), .setGauge(gauge, to: 3)],
            [.increment(count, by: 2), .increment(count)],
            [.setGauge(gauge, to: 1)],
            [.record(duration, value: 7), .setGauge(gauge, to: 4), .record(duration, value: 1)],
        ]
        for updates in rounds {
            clock.advance(1_000)
            batched.apply(updates[0], updates.count > 1 ? updates[1] : nil, updates.count > 2 ? updates[2] : nil)
            for update in updates {
                switch update {
                case .increment(let key, let amount): single.increment(key, by: amount)
                case .setGauge(let key, let value): single.setGauge(key, to: value)
                case .record(let key, let value): single.record(key, value: value)
                }
            }
        }
        for key in [count, duration, gauge] {
            #expect(batched.counter(key) == single.counter(key), "\(key)")
            #expect(batched.gauge(key) == single.gauge(key), "\(key)")
            #expect(batched.samples(key) == single.samples(key), "\(key)")
        }
        #expect(batched.counter(count) == 4 && batched.gauge(gauge) == 4 && batched.counter(duration) == 10.5)
    }
}
