import DSQL
import DSQLClient
import HTTP
import Replication

/// `POST /_regionstack/sql`: the SQL console for people and black-box tests.
///
/// Body: `{"region": "us-east-1", "statements": [{"sql": "...", "params": [...]}], "transaction": true}`.
/// The statements run in order on one session of that region's DSQL endpoint; with
/// `"transaction": true` they are wrapped in BEGIN ... COMMIT. The answer lists, per statement,
/// `{"command_tag", "columns": [{"name", "type"}], "rows"}` or `{"error": {"sqlstate", "message"}}`,
/// and, for a transaction, the COMMIT's outcome the same way under `"commit"`. A request the
/// console cannot read gets 400 with a message that says why; SQL errors are results, not HTTP
/// errors, so the status is 200 whenever the statements ran.
///
/// `"cluster": "<identifier>"` or `"cluster": "<id>.dsql.<region>.on.aws"` addresses a cluster
/// created through DSQL's control plane (or either of the stack's own); without it the
/// statements run on the stack's cluster in `region`.
struct AdminSQLRoute {
    static let path = "/_regionstack/sql"

    let cluster: DSQLCluster
    let configuration: StackConfiguration
    /// The control plane's clusters, for `"cluster"`.
    var registry: ClusterRegistry? = nil

    func respond(to request: HTTPRequest) -> HTTPReply {
        guard request.method == "POST" else { return .now(.json(405, #"{"message":"Method Not Allowed"}"#)) }
        let parsed: Parsed
        switch Self.parse(request.body, configuration: configuration) {
        case .failure(let message): return .now(.json(400, #"{"message":\#(JSONText.quote(message))}"#))
        case .success(let p): parsed = p
        }
        var cluster = self.cluster
        var node = parsed.node
        var region = parsed.region
        if let target = parsed.cluster {
            guard let registry, let found = registry.session(for: target) else {
                return .now(.json(404, #"{"message":\#(JSONText.quote("no active cluster \(target): create it with aws dsql create-cluster (multi-Region pairs serve once both sides are peered)"))}"#))
            }
            cluster = found.cluster
            node = found.node
            region = target.split(separator: ".").count == 5 ? String(target.split(separator: ".")[2]) : parsed.region
        }
        let (chosen, chosenNode, chosenRegion) = (cluster, node, region)
        return .later {
            let (cluster, node, region) = (chosen, chosenNode, chosenRegion)
            let session: DSQLSession
            do throws(DSQLError) {
                session = try cluster.connect(region: node)
            } catch {
                return .json(200, Self.document(region: region, results: [.failure(error)], commit: nil))
            }
            var results: [Result<QueryResult, DSQLError>] = []
            var commit: Result<QueryResult, DSQLError>?
            if parsed.transaction { results.append(await Self.run(session, "BEGIN", [])) }
            for statement in parsed.statements { results.append(await Self.run(session, statement.sql, statement.params)) }
            if parsed.transaction {
                results.removeFirst()
                commit = await Self.run(session, "COMMIT", [])
            }
            return .json(200, Self.document(region: region, results: results, commit: commit))
        }
    }

    static func run(_ session: DSQLSession, _ sql: String, _ params: [SQLValue]) async -> Result<QueryResult, DSQLError> {
        do throws(DSQLError) { return .success(try await session.execute(sql, params)) } catch { return .failure(error) }
    }

    struct Parsed: Sendable {
        var region: String
        var node: NodeID
        var statements: [(sql: String, params: [SQLValue])]
        var transaction: Bool
        /// A cluster named by identifier or endpoint (nil: the stack's own, by region).
        var cluster: String? = nil
    }

    enum ParseResult { case success(Parsed), failure(String) }

    static func parse(_ body: [UInt8], configuration: StackConfiguration) -> ParseResult {
        let envelope: AdminSQLEnvelope
        switch AdminSQLEnvelope.decode(body) {
        case .failure(let refusal): return .failure(refusal.message)
        case .success(let e): envelope = e
        }
        let region = envelope.region ?? configuration.primaryRegion
        guard let node = StackDSQL.node(named: region, configuration: configuration) else {
            return .failure("unknown region \"\(region)\": use \(configuration.primaryRegion) or \(configuration.secondaryRegion)")
        }
        guard node.isDataRegion else {
            return .failure("the witness region \(configuration.witnessRegion) has no endpoint; it stores the log and votes")
        }
        let statements = envelope.statements.map { statement in
            (sql: statement.sql, params: statement.params.map(Self.value))
        }
        var parsed = Parsed(region: region, node: node, statements: statements, transaction: envelope.transaction)
        if let target = envelope.cluster {
            guard !target.isEmpty else {
                return .failure("\"cluster\" must be a cluster identifier or its endpoint <id>.dsql.<region>.on.aws")
            }
            parsed.cluster = target
        }
        return .success(parsed)
    }

    /// A parameter as the value a PostgreSQL client would send in text form.
    static func value(_ param: AdminSQLEnvelope.Param) -> SQLValue {
        switch param {
        case .null: .null
        case .text(let s): .text(s)
        case .integer(let i): .integer(i)
        case .real(let d): .real(d)
        }
    }

    static func document(region: String, results: [Result<QueryResult, DSQLError>], commit: Result<QueryResult, DSQLError>?) -> String {
        var out = #"{"region":\#(JSONText.quote(region)),"results":["#
        out += results.map(render).joined(separator: ",")
        out += "]"
        if let commit { out += #","commit":\#(render(commit))"# }
        return out + "}\n"
    }

    static func render(_ result: Result<QueryResult, DSQLError>) -> String {
        switch result {
        case .failure(let e):
            var error = #"{"sqlstate":\#(JSONText.quote(e.sqlstate)),"message":\#(JSONText.quote(e.message))"#
            if let detail = e.detail { error += #","detail":\#(JSONText.quote(detail))"# }
            if let hint = e.hint { error += #","hint":\#(JSONText.quote(hint))"# }
            return #"{"error":\#(error)}}"#
        case .success(let r):
            let columns = r.columns.map { #"{"name":\#(JSONText.quote($0.name)),"type":\#(JSONText.quote($0.type.pgName))}"# }
            let rows = r.rows.map { row in "[" + row.map { $0.map(JSONText.quote) ?? "null" }.joined(separator: ",") + "]" }
            return #"{"command_tag":\#(JSONText.quote(r.commandTag)),"columns":[\#(columns.joined(separator: ","))],"rows":[\#(rows.joined(separator: ","))]}"#
        }
    }
}
