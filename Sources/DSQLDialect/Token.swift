/// One lexical token of a PostgreSQL-dialect statement, with its position in the source text.
///
/// The parser reports errors the way PostgreSQL does (`syntax error at or near "X"`), which needs the
/// token's raw source text; `value` carries the normalised form (lower-cased identifier, decoded string).
public struct Token: Sendable, Hashable {
    /// The token class.
    public enum Kind: Sendable, Hashable {
        /// An unquoted identifier or keyword; `value` is lower-cased.
        case word
        /// A double-quoted identifier; `value` is the exact name.
        case quotedIdent
        /// A string literal (plain, `E''` or dollar-quoted); `value` is the decoded text.
        case string
        /// A numeric literal; `value` is its text.
        case number
        /// A positional parameter `$n`; `value` is the decimal `n`.
        case param
        /// An operator or punctuation, for example `(`, `::`, `->>`, `<>`.
        case op
        /// End of input.
        case eof
    }

    public var kind: Kind
    /// The normalised value (see `Kind`).
    public var value: String
    /// The exact source text of the token.
    public var text: String
    /// Zero-based character offset of the token in the statement.
    public var offset: Int

    public init(kind: Kind, value: String, text: String, offset: Int) {
        self.kind = kind
        self.value = value
        self.text = text
        self.offset = offset
    }

    /// True when this is the unquoted word `word` (compare lower-case).
    public func isWord(_ word: String) -> Bool { kind == .word && value == word }

    /// True when this is the operator `op`.
    public func isOp(_ op: String) -> Bool { kind == .op && value == op }
}

/// Words that cannot be used as a bare column alias or table alias (a subset of PostgreSQL's reserved
/// keywords, enough to stop alias parsing at clause boundaries).
enum ReservedWords {
    static let all: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case",
        "cast", "check", "collate", "column", "constraint", "create", "current_date", "current_time",
        "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else",
        "end", "except", "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in",
        "initially", "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp",
        "not", "null", "offset", "on", "only", "or", "order", "placing", "primary", "references",
        "returning", "select", "session_user", "some", "symmetric", "table", "then", "to", "trailing",
        "true", "union", "unique", "user", "using", "variadic", "when", "where", "window", "with",
        // Non-reserved in PostgreSQL but they end a FROM item.
        "join", "inner", "left", "right", "full", "cross", "natural", "outer", "set", "values",
        "is", "isnull", "notnull", "like", "ilike", "between", "similar",
    ]
}
