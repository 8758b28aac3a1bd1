import DSQLClient

/// Transaction control: BEGIN / START TRANSACTION / COMMIT / END / ROLLBACK / ABORT, and the refused
/// SAVEPOINT, ROLLBACK TO, RELEASE, SET TRANSACTION and SET default_transaction_isolation
/// (dsql.md §1.1, §1.3).
extension Parser {
    mutating func parseTransactionControl() throws(DSQLError) -> Statement {
        let word = advance().value
        switch word {
        case "begin":
            _ = acceptWord("work") || acceptWord("transaction")
            try parseTransactionModes()
            return .begin
        case "start":
            try expectWord("transaction")
            try parseTransactionModes()
            return .begin
        case "commit", "end":
            _ = acceptWord("work") || acceptWord("transaction")
            if isWord("and") { throw .notYetSupported("COMMIT AND CHAIN") }
            if word == "commit", isWord("prepared") { throw .notYetSupported("COMMIT PREPARED") }
            return .commit
        case "rollback", "abort":
            _ = acceptWord("work") || acceptWord("transaction")
            if isWord("to") { throw .unsupported("unsupported transaction statement: ROLLBACK TO") }
            if isWord("and") { throw .notYetSupported("ROLLBACK AND CHAIN") }
            if word == "rollback", isWord("prepared") { throw .notYetSupported("ROLLBACK PREPARED") }
            return .rollback
        case "savepoint":
            throw .unsupported("unsupported transaction statement: SAVEPOINT")
        case "release":
            throw .unsupported("unsupported transaction statement: RELEASE")
        default: // set
            return try parseSet()
        }
    }

    /// `[ISOLATION LEVEL ...] [READ WRITE] [, ...]`; only REPEATABLE READ and READ WRITE are accepted.
    private mutating func parseTransactionModes() throws(DSQLError) {
        while true {
            if acceptWords("isolation", "level") {
                let level = try isolationLevel()
                if level != "REPEATABLE READ" { throw .unsupported("Unsupported isolation level: \(level)") }
            } else if acceptWords("read", "write") {
            } else if acceptWords("read", "only") {
                throw .notYetSupported("READ ONLY transactions")
            } else if isWord("deferrable") || isWord("not") {
                throw .notYetSupported("DEFERRABLE transactions")
            } else {
                if current.kind != .eof && !current.isOp(";") { throw errorHere() }
                return
            }
            _ = acceptOp(",")
        }
    }

    private mutating func isolationLevel() throws(DSQLError) -> String {
        if acceptWord("serializable") { return "SERIALIZABLE" }
        if acceptWords("repeatable", "read") { return "REPEATABLE READ" }
        if acceptWords("read", "committed") { return "READ COMMITTED" }
        if acceptWords("read", "uncommitted") { return "READ UNCOMMITTED" }
        throw errorHere()
    }

    private mutating func parseSet() throws(DSQLError) -> Statement {
        _ = acceptWord("session") || acceptWord("local")
        if acceptWord("transaction") {
            if acceptWords("isolation", "level"), let level = try? isolationLevel(), level != "REPEATABLE READ" {
                throw .unsupported("Unsupported isolation level: \(level)")
            }
            throw .unsupported("setting configuration parameter \"TRANSACTION\" not supported")
        }
        let t = current
        guard t.kind == .word || t.kind == .quotedIdent else { throw errorHere() }
        if t.value == "default_transaction_isolation" || t.value == "transaction_isolation" {
            throw .unsupported("setting configuration parameter \"\(t.value)\" not supported")
        }
        if t.value == "characteristics" { throw .notYetSupported("SET SESSION CHARACTERISTICS") }
        throw .notYetSupported("SET \(t.value)")
    }
}
