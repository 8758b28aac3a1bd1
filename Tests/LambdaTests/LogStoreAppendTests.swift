import Observability
import Testing

/// The in-place append path of the log store against the explicit create-then-put path.
@Suite struct LogStoreAppendTests {
    @Test func appendCreatesGroupAndStreamAndMatchesPutLogEvents() throws {
        var fast = LogStoreState(eventsPerStream: 3)
        var slow = LogStoreState(eventsPerStream: 3)
        let batches: [(String, String, [String], Int64, Int64)] = [
            ("/g1", "s1", ["a"], 10, 11), ("/g1", "s1", ["b", "c"], 12, 13), ("/g1", "s2", ["d"], 5, 14),
            ("/g2", "s1", ["e"], 20, 21), ("/g1", "s1", ["f", "g"], 9, 22), ("/g1", "s1", [], 30, 31),
        ]
        for (group, stream, messages, timestamp, now) in batches {
            let stored = fast.append(group: group, stream: stream, messages: messages, timestamp: timestamp, now: now, collect: true)
            slow.ensureLogStream(group: group, stream: stream, now: now)
            let expected = try slow.putLogEvents(
                group: group, stream: stream, events: messages.map { InputLogEvent(timestamp: timestamp, message: $0) }, now: now)
            #expect(stored == expected)
            #expect(fast.append(group: group, stream: "probe-\(now)", messages: [], timestamp: 0, now: 0, collect: false).isEmpty)
            slow.ensureLogStream(group: group, stream: "probe-\(now)", now: 0)
            _ = try slow.putLogEvents(group: group, stream: "probe-\(now)", events: [], now: 0)
        }
        #expect(fast.describeLogGroups() == slow.describeLogGroups())
        for group in ["/g1", "/g2"] {
            #expect(try fast.describeLogStreams(group: group) == slow.describeLogStreams(group: group))
            let query = LogQuery(logGroupName: group)
            #expect(try fast.query(query, now: 100) == slow.query(query, now: 100))
        }
    }
}
