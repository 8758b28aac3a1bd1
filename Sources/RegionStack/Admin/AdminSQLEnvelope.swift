import UsersService

/// The body of `POST /_regionstack/sql`, read from JSON: `{"region", "statements": [{"sql",
/// "params"}], "transaction"}`.
///
/// Why its own type: the envelope is outside input, so it is read by the project's linear,
/// depth-bounded reader (`PyJSONParser`, which never recurses) rather than Foundation, and this
/// pure step is what the SQL envelope's fuzz target exercises. Refusals are the console's 400
/// messages.
struct AdminSQLEnvelope: Equatable, Sendable {
    /// A statement parameter as JSON gave it.
    enum Param: Equatable, Sendable {
        case null
        case text(String)
        case integer(Int64)
        case real(Double)
    }

    struct Statement: Equatable, Sendable {
        var sql: String
        var params: [Param]
    }

    /// The region named, nil when absent or not a string (the primary region then).
    var region: String?
    var statements: [Statement]
    var transaction: Bool
    /// `"cluster"`: a created cluster's identifier or endpoint (nil: the stack's own cluster).
    var cluster: String? = nil

    static let notAnObject =
        "the body must be a JSON object: {\"region\", \"statements\": [{\"sql\", \"params\"}], \"transaction\"}"
    static let noStatements = "\"statements\" must be a non-empty list of {\"sql\": \"...\", \"params\": [...]}"

    /// Reads `body`, or the message saying why it cannot be read.
    static func decode(_ body: [UInt8]) -> Result<AdminSQLEnvelope, Refusal> {
        guard let document = try? PyJSONParser.parse(body, keepingTopLevelKeys: ["region", "statements", "transaction", "cluster"]),
            case .object = document
        else { return .failure(Refusal(notAnObject)) }
        var region: String?
        if case .string(let name)? = document["region"] { region = name }
        guard case .array(let list)? = document["statements"], !list.isEmpty else { return .failure(Refusal(noStatements)) }
        var statements: [Statement] = []
        statements.reserveCapacity(list.count)
        for (i, item) in list.enumerated() {
            guard case .object = item, case .string(let sql)? = item["sql"] else {
                return .failure(Refusal("statement \(i + 1) must be an object with a string \"sql\""))
            }
            var params: [Param] = []
            if case .array(let values)? = item["params"] {
                for value in values {
                    guard let param = Self.param(value) else {
                        return .failure(Refusal("statement \(i + 1): params must be strings, numbers, booleans or null"))
                    }
                    params.append(param)
                }
            }
            statements.append(Statement(sql: sql, params: params))
        }
        var transaction = false
        if case .bool(let flag)? = document["transaction"] { transaction = flag }
        var envelope = AdminSQLEnvelope(region: region, statements: statements, transaction: transaction)
        if case .string(let name)? = document["cluster"] { envelope.cluster = name }
        return .success(envelope)
    }

    /// A JSON parameter as the value a PostgreSQL client would send in text form (booleans as
    /// `true`/`false`); NaN and the infinities are not JSON and are refused.
    static func param(_ value: PyJSON) -> Param? {
        switch value {
        case .null: .null
        case .string(let s): .text(s)
        case .bool(let b): .text(b ? "true" : "false")
        case .int(let i): .integer(Int64(i))
        case .double(let d): d.isFinite ? .real(d) : nil
        case .array, .object: nil
        }
    }

    /// Why the body was refused (the 400's message).
    struct Refusal: Error, Equatable, Sendable {
        var message: String
        init(_ message: String) { self.message = message }
    }
}
