import Testing
@testable import UsersService

/// `json.loads` behaviour of the parser the seed's validation depends on, including the edges of
/// its no-escape fast path for strings and its in-place literal matching.
struct PyJSONParserTests {
    @Test(arguments: [
        (#""plain""#, PyJSON.string("plain")),
        (#""tab\tand \"quote\" after a plain run""#, .string("tab\tand \"quote\" after a plain run")),
        (#""caf\u00e9 and \ud83d\ude00""#, .string("café and 😀")),
        ("\"caf\u{00E9} raw UTF-8\"", .string("café raw UTF-8")),
        (#""""#, .string("")),
        ("null", .null), ("true", .bool(true)), ("false", .bool(false)),
        ("-12", .int(-12)), ("-1.5e2", .double(-150)), ("NaN", .double(.nan)),
        ("Infinity", .double(.infinity)), ("-Infinity", .double(-.infinity)),
        (#" {"a": [1, "x", null], "a": 2} "#, .object([("a", .int(2))])),
    ])
    func parsesLikePython(text: String, expected: PyJSON) throws {
        #expect(try PyJSONParser.parse(text) == expected, "\(text)")
    }

    @Test(arguments: [
        ("\"raw\u{01}control\"", "Invalid control character"),
        (#""unterminated"#, "Unterminated string"),
        (#""bad \x escape""#, "Invalid \\escape"),
        ("nul", "Expecting value"),
        ("tru", "Expecting value"),
        ("-Inf", "Expecting value"),
        ("{\"a\" 1}", "Expecting ':' delimiter"),
        ("[1 2]", "Expecting ',' delimiter"),
        ("1 2", "Extra data"),
    ])
    func refusesLikePython(text: String, reason: String) {
        #expect(throws: PyJSONParser.Failure.self, "\(text)") { try PyJSONParser.parse(text) }
        do {
            _ = try PyJSONParser.parse(text)
        } catch {
            #expect(error.reason == reason, "\(text): \(error.reason)")
        }
    }

    @Test func writesLikePythonJSONDumps() {
        let value = PyJSON.object([
            ("plain", .string("ascii only")), ("escaped", .string("q\"b\\n\nt\t")), ("unicode", .string("é😀")),
        ])
        #expect(value.text == #"{"plain": "ascii only", "escaped": "q\"b\\n\nt\t", "unicode": "\u00e9\ud83d\ude00"}"#)
    }
}
