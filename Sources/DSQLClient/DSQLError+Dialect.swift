/// Error constructors used by the SQL dialect (parser, catalog, renderer, SQLite functions).
///
/// Texts follow PostgreSQL and Aurora DSQL exactly where recorded (`shared/reference/dsql.md`); errors
/// for features DSQL supports but this emulator does not yet are `0A000` with a message that says so.
extension DSQLError {
    /// `42601` `syntax error at or near "X"` (PostgreSQL's form).
    public static func syntaxNear(_ text: String) -> DSQLError {
        syntax("syntax error at or near \"\(text)\"")
    }
    /// `42601` `syntax error at end of input`.
    public static let syntaxAtEnd = syntax("syntax error at end of input")
    public static let unterminatedString = syntax("unterminated quoted string")
    public static let unterminatedComment = syntax("unterminated /* comment")
    public static let unterminatedQuotedIdentifier = syntax("unterminated quoted identifier")
    public static let unterminatedDollarQuote = syntax("unterminated dollar-quoted string")
    public static let zeroLengthIdentifier = syntax("zero-length delimited identifier")

    /// `0A000` for a feature Aurora DSQL supports but this emulator does not implement yet.
    public static func notYetSupported(_ feature: String) -> DSQLError {
        unsupported("\(feature) is not supported by this emulator yet")
    }
    /// `0A000` `unsupported statement: <Node>` (DSQL's form for refused statement kinds).
    public static func unsupportedStatement(_ node: String) -> DSQLError {
        unsupported("unsupported statement: \(node)")
    }
    /// `42704` `type "x" does not exist`.
    public static func undefinedType(_ name: String) -> DSQLError {
        DSQLError(sqlstate: "42704", message: "type \"\(name)\" does not exist")
    }
    /// `42P01` `relation "x" does not exist`.
    public static func undefinedTable(_ name: String) -> DSQLError {
        DSQLError(sqlstate: "42P01", message: "relation \"\(name)\" does not exist")
    }
    /// `42P07` `relation "x" already exists`.
    public static func duplicateTable(_ name: String) -> DSQLError {
        DSQLError(sqlstate: "42P07", message: "relation \"\(name)\" already exists")
    }
    /// `42703` `column "x" does not exist` (optionally qualified, `column t.x does not exist`).
    public static func undefinedColumn(_ name: String, table: String? = nil) -> DSQLError {
        if let table { return DSQLError(sqlstate: "42703", message: "column \(table).\(name) does not exist") }
        return DSQLError(sqlstate: "42703", message: "column \"\(name)\" does not exist")
    }
    /// `42703` `column "x" of relation "t" does not exist` (INSERT/UPDATE targets, ALTER TABLE).
    public static func undefinedColumn(_ name: String, relation: String) -> DSQLError {
        DSQLError(sqlstate: "42703", message: "column \"\(name)\" of relation \"\(relation)\" does not exist")
    }
    /// `42701` `column "x" specified more than once`.
    public static func duplicateColumn(_ name: String) -> DSQLError {
        DSQLError(sqlstate: "42701", message: "column \"\(name)\" specified more than once")
    }
    /// `42702` `column reference "x" is ambiguous`.
    public static func ambiguousColumn(_ name: String) -> DSQLError {
        DSQLError(sqlstate: "42702", message: "column reference \"\(name)\" is ambiguous")
    }
    /// `42883` `function f(...) does not exist`.
    public static func undefinedFunction(_ signature: String) -> DSQLError {
        DSQLError(sqlstate: "42883", message: "function \(signature) does not exist")
    }
    /// `22P02` `invalid input syntax for type T: "v"`.
    public static func invalidInput(_ type: String, _ value: String) -> DSQLError {
        DSQLError(sqlstate: "22P02", message: "invalid input syntax for type \(type): \"\(value)\"")
    }
    /// `22007` `invalid input syntax for type T: "v"` (date/time types use this SQLSTATE).
    public static func invalidDateTime(_ type: String, _ value: String) -> DSQLError {
        DSQLError(sqlstate: "22007", message: "invalid input syntax for type \(type): \"\(value)\"")
    }
    /// `22001` `value too long for type character varying(n)`.
    public static func valueTooLong(_ type: String) -> DSQLError {
        DSQLError(sqlstate: "22001", message: "value too long for type \(type)")
    }
    /// `22003` `integer out of range` and similar.
    public static func outOfRange(_ type: String) -> DSQLError {
        DSQLError(sqlstate: "22003", message: "\(type) out of range")
    }
    /// `23502` not-null violation.
    public static func notNullViolation(column: String, table: String) -> DSQLError {
        DSQLError(sqlstate: "23502",
                  message: "null value in column \"\(column)\" of relation \"\(table)\" violates not-null constraint")
    }
    /// `23505` unique violation.
    public static func uniqueViolation(constraint: String, detail: String? = nil) -> DSQLError {
        DSQLError(sqlstate: "23505",
                  message: "duplicate key value violates unique constraint \"\(constraint)\"", detail: detail)
    }
    /// `23514` check violation.
    public static func checkViolation(table: String, constraint: String) -> DSQLError {
        DSQLError(sqlstate: "23514",
                  message: "new row for relation \"\(table)\" violates check constraint \"\(constraint)\"")
    }
    /// `42804` datatype mismatch.
    public static func datatypeMismatch(_ message: String) -> DSQLError {
        DSQLError(sqlstate: "42804", message: message)
    }
    /// `54011` / `54000` program limits (dsql.md §5.2).
    public static let tooManyColumns = DSQLError(sqlstate: "54011", message: "tables can have at most 255 columns")
    public static let tooManyKeyColumns = DSQLError(
        sqlstate: "54011", message: "more than 8 column keys in an index are not supported")
    public static let tooManyIndexes = DSQLError(
        sqlstate: "54000", message: "more than 24 indexes per table are not allowed")
    public static let tooManyTables = DSQLError(
        sqlstate: "54000", message: "creating more than 1000 tables not allowed")
    /// `0A000`: a second DDL statement in one transaction (dsql.md §5.3).
    public static let multipleDDL = unsupported("multiple ddl statements not supported in a transaction")
    /// `0A000`: DDL and DML in one transaction (dsql.md §5.3).
    public static let ddlAndDML = unsupported("ddl and dml are not supported in the same transaction")
    /// `54000`: more than 3,000 rows mutated in one transaction (dsql.md §5.2).
    public static let rowLimitExceeded = DSQLError(sqlstate: "54000", message: "transaction row limit exceeded")
    /// `54000`: more than 10 MiB written in one transaction (dsql.md §5.2).
    public static func sizeLimitExceeded(megabytes: Int) -> DSQLError {
        DSQLError(sqlstate: "54000", message: "transaction size limit 10mb exceeded",
                  detail: "Current transaction size \(megabytes)mb 10mb")
    }
    /// `54000`: transaction older than 300 s (dsql.md §5.2).
    public static let transactionAgeExceeded = DSQLError(sqlstate: "54000", message: "transaction age limit of 300s exceeded")
    /// `54000`: a primary-key or index key over 1 KiB (dsql.md §5.2).
    public static let keySizeTooLarge = DSQLError(sqlstate: "54000", message: "key size too large")
    /// `54000`: a row over 2 MiB (dsql.md §5.2).
    public static let maximumRowSizeExceeded = DSQLError(sqlstate: "54000", message: "maximum row size exceeded")
    /// `54000`: a non-indexed column value over 1 MiB (dsql.md §5.2).
    public static let maximumColumnSizeExceeded = DSQLError(sqlstate: "54000", message: "maximum column size exceeded")
}
