import Lambda
import Testing
@testable import RegionStack

/// The integration's per-ARN cache and the command-tag reader of the DSQL adapter, both on every
/// request's path.
@Suite struct LambdaIntegrationTargetTests {
    @Test func targetsAreResolvedOnceAndRememberedPerARN() {
        let east = LambdaInvoker()
        let west = LambdaInvoker()
        let integration = LambdaIntegration(invokers: ["us-east-1": east, "us-west-2": west])
        let arn = "arn:aws:lambda:us-west-2:123456789012:function:app-secondary"
        let first = integration.target(of: arn)
        let again = integration.target(of: arn)
        #expect(first?.invoker === west && first?.name == "app-secondary")
        #expect(again?.invoker === west && again?.name == "app-secondary")
        #expect(integration.resolved.count == 1)

        let other = integration.target(of: "arn:aws:lambda:us-east-1:123456789012:function:app-primary")
        #expect(other?.invoker === east && other?.name == "app-primary")
        #expect(integration.resolved.count == 2)

        // Unknown regions and malformed ARNs resolve to nothing and are not remembered.
        #expect(integration.target(of: "arn:aws:lambda:eu-west-1:123456789012:function:f") == nil)
        #expect(integration.target(of: "not-an-arn") == nil)
        #expect(integration.resolved.count == 2)
    }

    @Test func cacheStopsGrowingAtItsCapacity() {
        let integration = LambdaIntegration(invokers: ["us-east-1": LambdaInvoker()])
        let limit = LambdaIntegration.ResolvedTargets.capacity
        for i in 0..<(limit + 10) {
            let name = "f\(i)"
            #expect(integration.target(of: "arn:aws:lambda:us-east-1:1:function:\(name)")?.name == name)
        }
        #expect(integration.resolved.count == limit)
    }

    @Test func rowsAffectedReadsTheTagsLastWord() {
        let cases: [(tag: String, rows: Int, expected: Int)] = [
            ("INSERT 0 3", 0, 3), ("UPDATE 2", 0, 2), ("DELETE 0", 5, 0), ("SELECT 1", 1, 1), ("SELECT 12", 7, 12),
            ("CREATE TABLE", 4, 4), ("", 6, 6), ("INSERT 0 3 ", 0, 3), ("   ", 2, 2), ("42", 0, 42), ("BEGIN", 0, 0),
        ]
        for c in cases {
            #expect(StackDSQL.rowsAffected(commandTag: c.tag, rows: c.rows) == c.expected, "\(c.tag)")
        }
    }
}
