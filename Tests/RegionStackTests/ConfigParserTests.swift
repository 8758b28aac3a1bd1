import Testing
@testable import RegionStack

/// The HCL subset parser: every value kind, comments, and positioned errors.
@Suite struct ConfigParserTests {
    func parse(_ text: String) throws -> [String: HCLValue] {
        let attributes = try HCLParser.parseFile(text)
        return Dictionary(uniqueKeysWithValues: attributes.map { ($0.name, $0.value) })
    }

    @Test func stringsWithEscapes() throws {
        let v = try parse(#"""
        a = "plain"
        b = "quote \" backslash \\ newline \n tab \t"
        c = "snow \u2603 and \U0001F600"
        d = "literal $${not_interpolated} and %%{x}"
        e = ""
        """#)
        #expect(v["a"] == .string("plain"))
        #expect(v["b"] == .string("quote \" backslash \\ newline \n tab \t"))
        #expect(v["c"] == .string("snow \u{2603} and \u{1F600}"))
        #expect(v["d"] == .string("literal ${not_interpolated} and %{x}"))
        #expect(v["e"] == .string(""))
    }

    @Test func numbersBoolsAndNull() throws {
        let v = try parse("i = 30\nd = 2.5\nn = -7\nnd = -0.25\ne = 1e3\nt = true\nf = false\nz = null\n")
        #expect(v["i"] == .number(30))
        #expect(v["d"] == .number(2.5))
        #expect(v["n"] == .number(-7))
        #expect(v["nd"] == .number(-0.25))
        #expect(v["e"] == .number(1000))
        #expect(v["t"] == .bool(true))
        #expect(v["f"] == .bool(false))
        #expect(v["z"] == .null)
    }

    @Test func listsSingleAndMultiLineWithTrailingComma() throws {
        let v = try parse("""
        empty = []
        one = ["x"]
        many = [
          "a",   # first
          "b", // second
          3,
        ]
        nested = [[1, 2], [], {k = "v"}]
        """)
        #expect(v["empty"] == .list([]))
        #expect(v["one"] == .list([.string("x")]))
        #expect(v["many"] == .list([.string("a"), .string("b"), .number(3)]))
        #expect(v["nested"] == .list([.list([.number(1), .number(2)]), .list([]), .object([(key: "k", value: .string("v"))])]))
    }

    @Test func objectsWithCommasNewlinesColonsAndQuotedKeys() throws {
        let v = try parse("""
        inline = { a = 1, b = "two", }
        lines = {
          "Department"   = "Engineering"
          ContactEmail : "x@example.com"
          nested = { deep = [true] }
        }
        empty = {}
        """)
        #expect(v["inline"] == .object([(key: "a", value: .number(1)), (key: "b", value: .string("two"))]))
        #expect(v["lines"] == .object([
            (key: "Department", value: .string("Engineering")),
            (key: "ContactEmail", value: .string("x@example.com")),
            (key: "nested", value: .object([(key: "deep", value: .list([.bool(true)]))])),
        ]))
        #expect(v["empty"] == .object([]))
    }

    @Test func commentsOfAllThreeKinds() throws {
        let v = try parse("""
        # hash comment
        // slash comment
        /* block
           comment */ a = 1 /* inline */ # trailing
        b = /* before value */ "x" // after
        m = {
          # "Department" = "Engineering"
        }
        """)
        #expect(v["a"] == .number(1))
        #expect(v["b"] == .string("x"))
        #expect(v["m"] == .object([]))
    }

    @Test func byteOrderMarkAndCRLFAreAccepted() throws {
        let v = try parse("\u{FEFF}a = 1\r\nb = [\r\n  \"x\",\r\n]\r\n")
        #expect(v["a"] == .number(1))
        #expect(v["b"] == .list([.string("x")]))
    }

    @Test func attributesKeepSourcePositions() throws {
        let attributes = try HCLParser.parseFile("\n  alpha = 1\nbeta = 2")
        #expect(attributes.map(\.name) == ["alpha", "beta"])
        #expect(attributes[0].position == HCLPosition(line: 2, column: 3))
        #expect(attributes[1].position == HCLPosition(line: 3, column: 1))
    }

    @Test func standaloneValue() throws {
        #expect(try HCLParser.parseValue(" [\"a\", \"b\"] ") == .list([.string("a"), .string("b")]))
        #expect(try HCLParser.parseValue("{ k = 1 }") == .object([(key: "k", value: .number(1))]))
        #expect(throws: HCLParseError.self) { try HCLParser.parseValue("1 2") }
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        let text: String
        let kind: HCLParseError.Kind
        let line: Int
        let column: Int
        let fragment: String
        var testDescription: String { text.debugDescription }
    }

    static let errorCases: [ErrorCase] = [
        .init(text: "a = \"x${var.y}\"", kind: .interpolationNotAllowed, line: 1, column: 7, fragment: "interpolation"),
        .init(text: "a = \"x%{ if true }\"", kind: .interpolationNotAllowed, line: 1, column: 7, fragment: "directive"),
        .init(text: "a = \"abc", kind: .unterminatedString, line: 1, column: 5, fragment: "expected a closing"),
        .init(text: "a = \"abc\nb = 1", kind: .unterminatedString, line: 1, column: 5, fragment: "unterminated string"),
        .init(text: "a = [1, 2", kind: .unexpectedEndOfInput, line: 1, column: 10, fragment: "expected \",\" or \"]\""),
        .init(text: "a = [1 2]", kind: .unexpectedCharacter, line: 1, column: 8, fragment: "expected \",\" or \"]\""),
        .init(text: "a = {b = 1 c = 2}", kind: .unexpectedCharacter, line: 1, column: 12, fragment: "expected \",\", a newline or \"}\""),
        .init(text: "a = {b 1}", kind: .unexpectedCharacter, line: 1, column: 8, fragment: "expected \"=\" or \":\""),
        .init(text: "a = {[1] = 2}", kind: .unexpectedCharacter, line: 1, column: 6, fragment: "expected an object key"),
        .init(text: "a = {x = 1, x = 2}", kind: .duplicateKey, line: 1, column: 13, fragment: "duplicate object key \"x\""),
        .init(text: "a = 1\nb = foo", kind: .expressionNotAllowed, line: 2, column: 5, fragment: "variables and references"),
        .init(text: "a = upper(\"x\")", kind: .expressionNotAllowed, line: 1, column: 5, fragment: "function calls"),
        .init(text: "a = 1\na = 2", kind: .duplicateKey, line: 2, column: 1, fragment: "already set at terraform.tfvars:1:1"),
        .init(text: "a = \"\\q\"", kind: .invalidEscape, line: 1, column: 6, fragment: "invalid escape sequence"),
        .init(text: "a = \"\\u12\"", kind: .invalidEscape, line: 1, column: 6, fragment: "4 hex digits"),
        .init(text: "a = 1\n/* never closed", kind: .unterminatedComment, line: 2, column: 1, fragment: "expected \"*/\""),
        .init(text: "a = 30s", kind: .invalidNumber, line: 1, column: 7, fragment: "end of the number"),
        .init(text: "a = 1.", kind: .invalidNumber, line: 1, column: 7, fragment: "after the decimal point"),
        .init(text: "a = -x", kind: .invalidNumber, line: 1, column: 6, fragment: "digit after \"-\""),
        .init(text: "a = 1 b = 2", kind: .missingNewline, line: 1, column: 7, fragment: "expected a newline"),
        .init(text: "a {\n}", kind: .expressionNotAllowed, line: 1, column: 3, fragment: "blocks are not allowed"),
        .init(text: "a = ", kind: .unexpectedEndOfInput, line: 1, column: 5, fragment: "expected a value"),
        .init(text: "a", kind: .unexpectedEndOfInput, line: 1, column: 2, fragment: "expected \"=\""),
        .init(text: "= 1", kind: .unexpectedCharacter, line: 1, column: 1, fragment: "expected a variable name"),
        .init(text: "a = <<EOT\nx\nEOT", kind: .expressionNotAllowed, line: 1, column: 5, fragment: "heredoc"),
        .init(text: "a = @", kind: .unexpectedCharacter, line: 1, column: 5, fragment: "expected a value"),
    ]

    @Test(arguments: errorCases)
    func errorsCarryKindPositionAndExpectation(_ c: ErrorCase) {
        do {
            _ = try HCLParser.parseFile(c.text)
            Issue.record("expected a parse error for \(c.text.debugDescription)")
        } catch {
            #expect(error.kind == c.kind, "\(error)")
            #expect(error.line == c.line && error.column == c.column, "\(error)")
            #expect(error.message.contains(c.fragment), "\(error)")
            #expect(error.description.hasPrefix("terraform.tfvars:\(c.line):\(c.column): "))
        }
    }
}
