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
