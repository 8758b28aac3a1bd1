import Foundation
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

@Suite struct LogTimeFormatTests {
    @Test func iso8601MatchesPrintfFieldsOverSeededTimes() {
        let seed: UInt64 = 0x150_8601
        var state = seed
        var times: [Int64] = [0, 1, 999, 1_000, -1, -1_000, 1_795_560_000_123, 253_402_300_799_999, 253_402_300_800_001, 951_782_400_000]
        for _ in 0..<2_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            times.append(Int64(state % 4_102_444_800_000))  // up to 2100
        }
        for ms in times {
            var seconds = time_t((ms - (ms % 1000 + 1000) % 1000) / 1000)
            var broken = tm()
            gmtime_r(&seconds, &broken)
            let expected = String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", broken.tm_year + 1900, broken.tm_mon + 1, broken.tm_mday,
                broken.tm_hour, broken.tm_min, broken.tm_sec, Int32((ms % 1000 + 1000) % 1000))
            #expect(LogTimeFormat.iso8601(milliseconds: ms) == expected, "seed \(seed): \(ms)")
        }
    }
}
