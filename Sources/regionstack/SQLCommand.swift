import ArgumentParser
import Foundation
import HTTP
import RegionStack

/// `regionstack sql`: runs statements on a running stack's DSQL endpoint and prints tables.
///
/// It posts to the admin listener's `/_regionstack/sql`, so it sees exactly what the Lambda
/// functions see: the same cluster, the same dialect, the same SQLSTATEs.
struct SQLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run SQL on a running stack's DSQL endpoint and print the results as tables.",
        discussion: "Each argument is one statement. Example: regionstack sql --region us-east-2 \"SELECT count(*) FROM users\"")

    @Option(help: "The data region whose endpoint runs the statements (a region name, or primary/secondary; default: the stack's primary region).")
    var region: String?

    @Option(help: "A cluster created through DSQL's control plane, by identifier or endpoint (<id>.dsql.<region>.on.aws).")
    var cluster: String?

    @Option(name: .customLong("admin-url"), help: "The running stack's admin URL.")
    var adminURL: String = "http://127.0.0.1:\(StackOptions.defaultAdminPort)"

    @Flag(help: "Wrap the statements in BEGIN ... COMMIT.")
    var transaction = false

    @Argument(help: "SQL statements, one per argument.")
    var statements: [String]

    func validate() throws {
        if statements.isEmpty { throw ValidationError("give at least one SQL statement") }
        if Self.hostPort(adminURL) == nil { throw ValidationError("--admin-url must look like http://HOST:PORT") }
    }

    func run() async throws { try await reportingFailures { try await execute() } }

    func execute() async throws {
        let (host, port) = Self.hostPort(adminURL)!
        var document: [String: Any] = ["transaction": transaction, "statements": statements.map { ["sql": $0] }]
        // Without --region the stack picks its configured primary region.
        if let region { document["region"] = region }
        if let cluster { document["cluster"] = cluster }
        let body = try JSONSerialization.data(withJSONObject: document)
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.send(
                host: host, port: port, method: "POST", path: "/_regionstack/sql", body: Array(body), timeout: .seconds(60))
        } catch {
            throw CommandFailure("cannot reach the stack at \(adminURL) (is `regionstack up` running?): \(error)")
        }
        guard response.status == 200,
            let answer = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
            let results = answer["results"] as? [[String: Any]]
        else {
            throw CommandFailure("the stack answered \(response.status): \(response.text)")
        }
        var failed = false
        for (statement, result) in zip(statements, results) {
            failed = Self.print(result, statement: statement) || failed
        }
        if let commit = answer["commit"] as? [String: Any] { failed = Self.print(commit, statement: "COMMIT") || failed }
        if failed { throw ExitCode(1) }
    }

    /// Prints one result; true if it was an error.
    static func print(_ result: [String: Any], statement: String) -> Bool {
        if let error = result["error"] as? [String: Any] {
            Swift.print("ERROR:  \(error["message"] as? String ?? "?") (SQLSTATE \(error["sqlstate"] as? String ?? "?"))")
            if let detail = error["detail"] as? String { Swift.print("DETAIL:  \(detail)") }
            return true
        }
        let columns = (result["columns"] as? [[String: Any]] ?? []).map { $0["name"] as? String ?? "?" }
        let rows = (result["rows"] as? [[Any]] ?? []).map { $0.map { $0 as? String ?? "" } }
        if columns.isEmpty {
            Swift.print(result["command_tag"] as? String ?? "")
            return false
        }
        Swift.print(PSQLTable(columns: columns, rows: rows).render())
        return false
    }

    static func hostPort(_ url: String) -> (String, Int)? {
        var rest = Substring(url)
        if rest.hasPrefix("http://") { rest = rest.dropFirst(7) }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]), port > 0 else { return nil }
        return (String(rest[..<colon]), port)
    }
}

/// A result set laid out as psql prints it: aligned columns, a rule, and a row count.
struct PSQLTable {
    let columns: [String]
    let rows: [[String]]

    func render() -> String {
        var widths = columns.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
        var lines = [" " + zip(columns, widths).map { pad($0, $1) }.joined(separator: " | ")]
        lines.append(widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+"))
        for row in rows { lines.append(" " + zip(row, widths).map { pad($0, $1) }.joined(separator: " | ")) }
        lines.append("(\(rows.count) \(rows.count == 1 ? "row" : "rows"))")
        return lines.joined(separator: "\n")
    }
}
