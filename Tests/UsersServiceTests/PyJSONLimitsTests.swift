import Testing

@testable import UsersService

/// The parser's depth limit (CPython 3.11's inside the seed's handler), Python's `dict` semantics
/// for repeated keys, and what the handler answers for a body nested too deep.
struct PyJSONLimitsTests {
    static func nested(_ open: String, _ close: String, depth: Int, inner: String = "1") -> String {
        String(repeating: open, count: depth) + inner + String(repeating: close, count: depth)
    }

    @Test func nestingUpToPythonsLimitParsesAndOneMoreIsARecursionError() throws {
        for (open, close, kind) in [("[", "]", "array"), (#"{"k":"#, "}", "object")] {
            _ = try PyJSONParser.parse(Self.nested(open, close, depth: PyJSONParser.maxDepth))
            for text in [Self.nested(open, close, depth: PyJSONParser.maxDepth + 1), String(repeating: open, count: 1_000_000)] {
                do {
                    _ = try PyJSONParser.parse(text)
                    Issue.record("\(kind) nested past the limit parsed")
                } catch {
                    #expect(error.isRecursion)
                    #expect(error.reason == "maximum recursion depth exceeded while decoding a JSON \(kind) from a unicode string")
                }
                // Skipped members (the event's and the body's other keys) hit the same limit.
                do {
                    _ = try PyJSONParser.parse(Array(("{\"other\":" + text + "}").utf8), keepingTopLevelKeys: ["name"])
                    Issue.record("skipped \(kind) nested past the limit parsed")
                } catch {
                    #expect(error.isRecursion)
                }
            }
        }
        // A syntax error before the limit is reached is a decode error, as in Python.
        do {
            _ = try PyJSONParser.parse(#"{"a": [1,2"# + String(repeating: "[", count: 3000))
        } catch {
            #expect(!error.isRecursion && error.reason == "Expecting ',' delimiter")
        }
    }

    @Test func repeatedKeysKeepTheFirstPositionAndTheLastValueLikeADict() throws {
        let small = try PyJSONParser.parse(#"{"a": 1, "b": 2, "a": 3}"#)
        #expect(small.text == #"{"a": 3, "b": 2}"#)
        // Past the index threshold too.
        var text = "{"
        for i in 0..<50 { text += "\"k\(i % 20)\": \(i)," }
        text += #""k0": "last"}"#
        let large = try PyJSONParser.parse(text)
        guard case .object(let pairs) = large else { Issue.record("not an object"); return }
        #expect(pairs.map(\.0) == (0..<20).map { "k\($0)" })
        #expect(large["k0"] == .string("last") && large["k19"] == .int(39))
    }

    @Test func wideAndRepeatedObjectsParseWhole() throws {
        var text = "{"
        for i in 0..<200_000 { text += "\"k\(i)\":\(i)," }
        text += "\"k0\":-1}"
        guard case .object(let pairs) = try PyJSONParser.parse(text) else { Issue.record("not an object"); return }
        #expect(pairs.count == 200_000 && pairs[0] == ("k0", .int(-1)) && pairs[199_999].0 == "k199999")
    }

    @Test func escapedStringsBuildTheSameTextAsTheFastPath() throws {
        let raw = String(repeating: "ab\\\"c\\u00e9\\ud83d\\ude00\\ud800", count: 1000)
        guard case .string(let s) = try PyJSONParser.parse("\"" + raw + "\"") else { Issue.record("not a string"); return }
        #expect(s == String(repeating: "ab\"cé😀\u{FFFD}", count: 1000))
    }

    @Test func aBodyNestedTooDeepIsTheCatchAll500() async {
        let handler = Fixture.handler(InMemoryUsersDatabase())
        let body = String(repeating: "[", count: 100_000)
        let event = Fixture.event("POST", "/users", body: body)
        let reply = await handler.respond(to: event, requestID: "req-1")
        #expect(reply.statusCode == 500)
        #expect(reply.body["error"] == .string("Internal server error"))
        #expect(reply.body["details"] == .string("maximum recursion depth exceeded while decoding a JSON array from a unicode string"))
        #expect(reply.body["request_id"] == .string("req-1"))
        // The same through the event bytes (what `handle` parses on a thread of its own).
        let bytes = event.utf8
        #expect(bytes.count >= UsersHandler.dedicatedParseThreshold)
        let prepared = try? UsersHandler.prepare(bytes)
        #expect(prepared?.body == .typeError("maximum recursion depth exceeded while decoding a JSON array from a unicode string"))
    }
}
