/// A PostgreSQL SQLSTATE: the five-character code a client matches an error on.
///
/// It exists so that callers match errors on named values (`.serializationFailure` to retry a
/// transaction) rather than on string literals that a typo breaks silently. `code` is the wire
/// form, exactly the five characters PostgreSQL and Aurora DSQL send. The constants are named
/// after PostgreSQL's `errcodes.txt` (`serialization_failure` is `.serializationFailure`).
public struct SQLState: Hashable, Sendable {
    /// The five characters, for example `40001` or `0A000`.
    public let code: String

    /// The SQLSTATE spelled by `code`, or nil unless it is five digits or upper-case letters
    /// (for a code read back from text, such as an error message SQLite passed through).
    public init?(code: String) {
        guard code.utf8.count == 5, code.utf8.allSatisfy({ (48...57).contains($0) || (65...90).contains($0) }) else {
            return nil
        }
        self.code = code
    }

    private init(known code: String) {
        self.code = code
    }
}

extension SQLState: CustomStringConvertible {
    public var description: String { code }
}

extension SQLState {
    /// `08001` sqlclient_unable_to_establish_sqlconnection: no endpoint to connect to.
    public static let sqlclientUnableToEstablishSQLConnection = SQLState(known: "08001")
    /// `08007` transaction_resolution_unknown: a commit whose outcome is not known.
    public static let transactionResolutionUnknown = SQLState(known: "08007")
    /// `08P01` protocol_violation: for example a Bind whose parameter count differs.
    public static let protocolViolation = SQLState(known: "08P01")
    /// `0A000` feature_not_supported: what DSQL refuses, and what the emulator has not built.
    public static let featureNotSupported = SQLState(known: "0A000")
    /// `22001` string_data_right_truncation: a value too long for its type.
    public static let stringDataRightTruncation = SQLState(known: "22001")
    /// `22003` numeric_value_out_of_range.
    public static let numericValueOutOfRange = SQLState(known: "22003")
    /// `22007` invalid_datetime_format.
    public static let invalidDatetimeFormat = SQLState(known: "22007")
    /// `22012` division_by_zero.
    public static let divisionByZero = SQLState(known: "22012")
    /// `2201W` invalid_row_count_in_limit_clause.
    public static let invalidRowCountInLimitClause = SQLState(known: "2201W")
    /// `2201X` invalid_row_count_in_result_offset_clause.
    public static let invalidRowCountInResultOffsetClause = SQLState(known: "2201X")
    /// `22021` character_not_in_repertoire: for example a NUL in text.
    public static let characterNotInRepertoire = SQLState(known: "22021")
    /// `22023` invalid_parameter_value.
    public static let invalidParameterValue = SQLState(known: "22023")
    /// `22025` invalid_escape_sequence.
    public static let invalidEscapeSequence = SQLState(known: "22025")
    /// `22P02` invalid_text_representation: input syntax a type does not accept.
    public static let invalidTextRepresentation = SQLState(known: "22P02")
    /// `22P05` untranslatable_character.
    public static let untranslatableCharacter = SQLState(known: "22P05")
    /// `23000` integrity_constraint_violation.
    public static let integrityConstraintViolation = SQLState(known: "23000")
    /// `23502` not_null_violation.
    public static let notNullViolation = SQLState(known: "23502")
    /// `23503` foreign_key_violation.
    public static let foreignKeyViolation = SQLState(known: "23503")
    /// `23505` unique_violation.
    public static let uniqueViolation = SQLState(known: "23505")
    /// `23514` check_violation.
    public static let checkViolation = SQLState(known: "23514")
    /// `25P02` in_failed_sql_transaction: a statement after a failed one in a transaction block.
    public static let inFailedTransaction = SQLState(known: "25P02")
    /// `2BP01` dependent_objects_still_exist.
    public static let dependentObjectsStillExist = SQLState(known: "2BP01")
    /// `40001` serialization_failure: DSQL's OC000 and OC001 conflicts; retry the transaction.
    public static let serializationFailure = SQLState(known: "40001")
    /// `42501` insufficient_privilege.
    public static let insufficientPrivilege = SQLState(known: "42501")
    /// `42601` syntax_error.
    public static let syntaxError = SQLState(known: "42601")
    /// `42701` duplicate_column.
    public static let duplicateColumn = SQLState(known: "42701")
    /// `42702` ambiguous_column.
    public static let ambiguousColumn = SQLState(known: "42702")
    /// `42703` undefined_column.
    public static let undefinedColumn = SQLState(known: "42703")
    /// `42704` undefined_object.
    public static let undefinedObject = SQLState(known: "42704")
    /// `42712` duplicate_alias.
    public static let duplicateAlias = SQLState(known: "42712")
    /// `42803` grouping_error.
    public static let groupingError = SQLState(known: "42803")
    /// `42804` datatype_mismatch.
    public static let datatypeMismatch = SQLState(known: "42804")
    /// `42809` wrong_object_type.
    public static let wrongObjectType = SQLState(known: "42809")
    /// `42883` undefined_function.
    public static let undefinedFunction = SQLState(known: "42883")
    /// `428C9` generated_always.
    public static let generatedAlways = SQLState(known: "428C9")
    /// `42P01` undefined_table.
    public static let undefinedTable = SQLState(known: "42P01")
    /// `42P02` undefined_parameter.
    public static let undefinedParameter = SQLState(known: "42P02")
    /// `42P07` duplicate_table.
    public static let duplicateTable = SQLState(known: "42P07")
    /// `42P10` invalid_column_reference.
    public static let invalidColumnReference = SQLState(known: "42P10")
    /// `42P16` invalid_table_definition.
    public static let invalidTableDefinition = SQLState(known: "42P16")
    /// `53000` insufficient_resources.
    public static let insufficientResources = SQLState(known: "53000")
    /// `53200` out_of_memory.
    public static let outOfMemory = SQLState(known: "53200")
    /// `54000` program_limit_exceeded: DSQL's transaction, key and row limits.
    public static let programLimitExceeded = SQLState(known: "54000")
    /// `54001` statement_too_complex: for example nesting deeper than the stack allows.
    public static let statementTooComplex = SQLState(known: "54001")
    /// `54011` too_many_columns.
    public static let tooManyColumns = SQLState(known: "54011")
    /// `55000` object_not_in_prerequisite_state.
    public static let objectNotInPrerequisiteState = SQLState(known: "55000")
    /// `XX000` internal_error: DSQL also answers it when a region cannot reach a quorum.
    public static let internalError = SQLState(known: "XX000")
}
