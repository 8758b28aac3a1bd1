import DSQLClient
import Testing

/// `SQLState` names the codes; the wire form stays the five characters PostgreSQL sends.
@Suite struct SQLStateTests {
    @Test func constantsRenderAsTheirFiveCharacterCodes() {
        let named: [(SQLState, String)] = [
            (.serializationFailure, "40001"), (.featureNotSupported, "0A000"), (.inFailedTransaction, "25P02"),
            (.undefinedTable, "42P01"), (.syntaxError, "42601"), (.programLimitExceeded, "54000"),
            (.internalError, "XX000"), (.uniqueViolation, "23505"), (.invalidRowCountInLimitClause, "2201W"),
        ]
        for (state, code) in named {
            #expect(state.code == code)
            #expect("\(state)" == code)
            #expect(SQLState(code: code) == state)
        }
    }

    @Test func codesReadFromTextMustBeFiveDigitsOrUpperCaseLetters() {
        for bad in ["", "4000", "400011", "4000a", "?????", "40 01"] {
            #expect(SQLState(code: bad) == nil, "\(bad)")
        }
        #expect(SQLState(code: "57014")?.code == "57014")
    }

    @Test func errorsMatchOnTheValueAndPrintTheCode() {
        let error = DSQLError.dataConflict
        #expect(error.sqlstate == .serializationFailure)
        #expect(error.description == "ERROR: change conflicts with another transaction (OC000) (SQLSTATE 40001)")
        #expect(DSQLError.transactionAborted.sqlstate == .inFailedTransaction)
    }
}
