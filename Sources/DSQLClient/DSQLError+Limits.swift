/// Errors for input that exceeds a limit or that PostgreSQL refuses at its boundary: nesting too
/// deep, parameter numbers and counts that do not match, text values with NUL.
///
/// Texts are PostgreSQL's (`postgres.c`, `parse_param.c`, `stack_depth.c`, `wchar.c`), so a
/// client that matches on them behaves the same against the emulator and a real cluster.
extension DSQLError {
    /// The `max_stack_depth` PostgreSQL (and so Aurora DSQL) reports in the HINT, in kB.
    public static let maxStackDepthKB = 2048

    /// `54001` `stack depth limit exceeded`, with PostgreSQL's HINT: the statement nests deeper
    /// than the dialect (or SQLite under it) evaluates.
    public static let stackDepthExceeded = DSQLError(
        sqlstate: "54001", message: "stack depth limit exceeded",
        hint: "Increase the configuration parameter \"max_stack_depth\" (currently \(maxStackDepthKB)kB), "
            + "after ensuring the platform's stack depth limit is adequate.")

    /// `42P02` `there is no parameter $n` (`$0`, or a number no client can bind).
    public static func noParameter(_ n: Int) -> DSQLError {
        DSQLError(sqlstate: "42P02", message: "there is no parameter $\(n)")
    }

    /// `08P01` for a parameter count that differs from the highest `$n` the statement uses
    /// (the unnamed prepared statement, as the extended protocol's Bind reports it).
    public static func bindCountMismatch(supplied: Int, required: Int, statement: String = "") -> DSQLError {
        DSQLError(sqlstate: "08P01",
                  message: "bind message supplies \(supplied) parameters, but prepared statement \"\(statement)\" requires \(required)")
    }

    /// `22021` `invalid byte sequence for encoding "UTF8": 0x00`: PostgreSQL's text types cannot
    /// hold NUL, so a value with one is refused rather than cut at it.
    public static let nulInText = DSQLError(
        sqlstate: "22021", message: "invalid byte sequence for encoding \"UTF8\": 0x00")

    /// True when `s` holds a NUL character (U+0000), which no PostgreSQL text value can.
    public static func containsNUL(_ s: String) -> Bool {
        s.utf8.contains(0)
    }
}
