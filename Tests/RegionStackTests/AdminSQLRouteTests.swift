import DSQL
import Foundation
import Testing
@testable import RegionStack

/// The SQL console's request parsing: JSON parameters become the values a PostgreSQL client sends.
struct AdminSQLRouteTests {
    @Test func jsonParametersMapToClientValues() throws {
        let body = #"{"region":"secondary","statements":[{"sql":"SELECT $1,$2,$3,$4,$5","params":["a",7,1.5,true,null]}]}"#
        guard case .success(let parsed) = AdminSQLRoute.parse(Array(body.utf8), configuration: .defaults) else {
            Issue.record("a valid request was refused")
            return
        }
        #expect(parsed.node == .secondary)
        #expect(parsed.statements.first?.params == [.text("a"), .integer(7), .real(1.5), .text("true"), .null])
    }

    @Test(arguments: [
        ("not json", "the body must be a JSON object"),
        (#"{"region":"mars-1","statements":[{"sql":"SELECT 1"}]}"#, "unknown region \"mars-1\""),
        (#"{"region":"us-west-2","statements":[{"sql":"SELECT 1"}]}"#, "has no endpoint"),
        (#"{"statements":[]}"#, "non-empty list"),
        (#"{"statements":[{"query":"SELECT 1"}]}"#, "statement 1 must be an object with a string \"sql\""),
    ])
    func badRequestsAreRefusedWithAReason(body: String, reason: String) {
        guard case .failure(let message) = AdminSQLRoute.parse(Array(body.utf8), configuration: .defaults) else {
            Issue.record("accepted: \(body)")
            return
        }
        #expect(message.contains(reason), "\(message)")
    }
}
