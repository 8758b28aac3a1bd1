import Determinism
import Foundation
import Glibc
import HTTP
import Testing

/// A grammar-based fuzz test of the SQL endpoint against the real `regionstack` process.
///
/// Seeded random statements from a small SQL grammar, a third each valid, near-valid (a valid
/// statement with tokens dropped, doubled, swapped or replaced) and garbage (random tokens and
/// characters), go to `POST /_regionstack/sql` of a `regionstack up --ephemeral` child on free
/// ports. Every answer must succeed or carry a five-character SQLSTATE (XX000 only for the
/// cluster's own unavailability), `/prod/health` must stay 200 in both regions, and the process
/// must never die. About 30 s by default; `RS_SQL_FUZZ_SECONDS` lengthens it and `RS_SQL_FUZZ_SEED`
/// replays a seed (printed on failure).
@Suite(.serialized) struct SQLGrammarFuzzTests {
    @Test func sqlEndpointAnswersEveryStatementWithASQLSTATE() async throws {
        let binary = try #require(
            StackProcess.binaryBesideTests(), "the regionstack executable is built beside the tests by `swift build --build-tests`")
        let env = ProcessInfo.processInfo.environment
        let seconds = Double(env["RS_SQL_FUZZ_SECONDS"] ?? "") ?? 30
        // A fixed seed by default, so CI runs the same statements every time (a slower machine sends a
        // prefix of them); RS_SQL_FUZZ_SEED=random draws a new seed to explore.
        let seedText = env["RS_SQL_FUZZ_SEED"] ?? "1"
        let seed = UInt64(seedText) ?? UInt64(Date().timeIntervalSince1970 * 1000) % 1_000_000_007
        let dir = "/tmp/regionstack-sqlfuzz-\(getpid())-\(seed)"
        let stack = try await StackProcess.start(binary: binary, dataDirectory: dir, extraArguments: ["--ephemeral"])
        defer {
            stack.process.terminate()
            stack.process.waitUntilExit()
            try? FileManager.default.removeItem(atPath: dir)
            unlink(dir + ".outputs.json")
        }
        var rng = SeededGenerator(seed: seed)
        var grammar = SQLGrammar()
        let replay = "replay: RS_SQL_FUZZ_SEED=\(seed) swift test --skip-build --filter SQLGrammarFuzzTests"
        for ddl in SQLGrammar.schema { _ = try await Self.run(ddl, port: stack.adminPort) }
        let deadline = ContinuousClock.now + .seconds(seconds)
        var counts = [String: Int]()
        var sent = 0
        while ContinuousClock.now < deadline && sent < 200_000 {
            let sql = grammar.statement(&rng)
            sent += 1
            let answer: Answer
            do {
                answer = try await Self.run(sql, port: stack.adminPort)
            } catch {
                Issue.record("seed \(seed), statement \(sent): no answer (\(error)) to \(sql.debugDescription); process running: \(stack.process.isRunning); \(replay)")
                return
            }
            switch answer {
            case .ok: counts["ok", default: 0] += 1
            case .error(let state, let message):
                counts[state, default: 0] += 1
                guard state.utf8.count == 5, !message.isEmpty else {
                    Issue.record("seed \(seed): answer without a SQLSTATE (\(state) \(message)) to \(sql.debugDescription); \(replay)")
                    return
                }
                if state == "XX000" && message != "server unavailable" {
                    Issue.record("seed \(seed): XX000 \(message) for \(sql.debugDescription); \(replay)")
                }
            case .malformed(let text):
                Issue.record("seed \(seed): malformed answer \(text.prefix(300)) to \(sql.debugDescription); \(replay)")
                return
            }
            if sent % 100 == 0 {
                for port in [stack.primaryPort, stack.secondaryPort] {
                    let health = try await HTTPClient.send(port: port, path: "/prod/health", timeout: .seconds(20))
                    guard health.status == 200 else {
                        Issue.record("seed \(seed): /prod/health \(health.status) after \(sent) statements; \(replay)")
                        return
                    }
                }
            }
        }
        #expect(stack.process.isRunning, "seed \(seed): the process died; \(replay)")
        for port in [stack.primaryPort, stack.secondaryPort] {
            let health = try await HTTPClient.send(port: port, path: "/prod/health", timeout: .seconds(20))
            #expect(health.status == 200, "seed \(seed); \(replay)")
        }
        let summary = counts.sorted { $0.value > $1.value }.prefix(12).map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print("sql grammar fuzz: seed \(seed), \(sent) statements in \(Int(seconds)) s: \(summary)")
        #expect(counts["ok", default: 0] > 0, "seed \(seed): no statement succeeded")
    }

    enum Answer { case ok, error(String, String), malformed(String) }

    static func run(_ sql: String, port: Int) async throws -> Answer {
        let envelope: [String: Any] = ["region": "us-east-1", "statements": [["sql": sql]]]
        let body = try JSONSerialization.data(withJSONObject: envelope)
        let r = try await HTTPClient.send(port: port, method: "POST", path: "/_regionstack/sql", body: Array(body), timeout: .seconds(30))
        guard r.status == 200,
            let json = try? JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any],
            let result = (json["results"] as? [[String: Any]])?.first
        else { return .malformed("\(r.status) \(r.text)") }
        if let error = result["error"] as? [String: Any] {
            return .error(error["sqlstate"] as? String ?? "", error["message"] as? String ?? "")
        }
        return result["command_tag"] is String ? .ok : .malformed(r.text)
    }
}

/// A small SQL grammar over two tables, with a generator of valid, near-valid and garbage text.
struct SQLGrammar {
    static let schema = [
        "CREATE TABLE fz (id int PRIMARY KEY, a int, b text, c numeric(10,2), d bool, e timestamp, f jsonb)",
        "CREATE TABLE fy (k bigint PRIMARY KEY, v varchar(20) NOT NULL DEFAULT 'x', w int CHECK (w > 0))",
        "INSERT INTO fz (id, a, b) VALUES (1, 1, 'one'), (2, 2, 'two'), (3, NULL, NULL)",
    ]
    let columns = ["id", "a", "b", "c", "d", "e", "f", "k", "v", "w", "fz.a", "x", "\"A\""]
    let functions = ["count", "sum", "max", "min", "avg", "coalesce", "abs", "length", "lower", "upper", "now", "nullif",
                     "substring", "trim", "round", "gen_random_uuid", "string_agg", "bogus"]
    let types = ["int", "bigint", "text", "varchar(3)", "numeric", "numeric(4,1)", "bool", "timestamp", "date", "uuid",
                 "jsonb", "interval", "bytea", "float8", "nosuchtype"]
    let operators = ["+", "-", "*", "/", "%", "=", "<>", "<", ">=", "||", "AND", "OR", "->>", "->", "LIKE", "IS DISTINCT FROM"]
    let noise = ["(", ")", ",", ";", "'", "\"", "$1", "$0", "$2147483647", "::", "E'\\x", "$$", "/*", "--", "*", ".", "[", "]",
                 "SELECT", "FROM", "WHERE", "NULL", "NOT", "CASE", "END", "\\", "`", "?", "#", "@", "1e999", "é", "\u{FEFF}"]
    var counter = 0

    mutating func statement(_ rng: inout SeededGenerator) -> String {
        let valid = validStatement(&rng)
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: return valid
        case 1: return mutate(valid, &rng)
        default: return garbage(&rng)
        }
    }

    mutating func validStatement(_ rng: inout SeededGenerator) -> String {
        counter += 1
        switch Int.random(in: 0..<10, using: &rng) {
        case 0...3:
            var s = "SELECT " + (0..<Int.random(in: 1...3, using: &rng)).map { _ in expr(&rng, 3) }.joined(separator: ", ")
            if rng.chance(0.7) { s += " FROM fz" + (rng.chance(0.2) ? " JOIN fy ON fz.id = fy.k" : "") }
            if rng.chance(0.5) { s += " WHERE " + expr(&rng, 3) }
            if rng.chance(0.2) { s += " GROUP BY " + pick(columns, &rng) }
            if rng.chance(0.2) { s += " ORDER BY " + expr(&rng, 1) + (rng.chance(0.5) ? " DESC" : "") }
            if rng.chance(0.2) { s += " LIMIT \(Int.random(in: -1...5, using: &rng))" }
            return s
        case 4, 5:
            let id = 1000 + counter
            return "INSERT INTO fz (id, a, b) VALUES (\(id), \(expr(&rng, 2)), \(literal(&rng)))"
                + (rng.chance(0.3) ? " ON CONFLICT (id) DO NOTHING" : "") + (rng.chance(0.3) ? " RETURNING *" : "")
        case 6: return "UPDATE fz SET a = \(expr(&rng, 2)) WHERE \(expr(&rng, 2))"
        case 7: return "DELETE FROM fz WHERE id > 1000 AND \(expr(&rng, 2))"
        case 8: return "INSERT INTO fy (k, v, w) VALUES (\(counter), \(literal(&rng)), \(expr(&rng, 1)))"
        default:
            let chain = (0..<Int.random(in: 2...400, using: &rng)).map { _ in atom(&rng) }
            return "SELECT " + chain.joined(separator: " " + pick(["+", "OR", "AND", "||", "-", "*"], &rng) + " ")
        }
    }

    func expr(_ rng: inout SeededGenerator, _ depth: Int) -> String {
        if depth <= 0 { return atom(&rng) }
        switch Int.random(in: 0..<9, using: &rng) {
        case 0: return "\(expr(&rng, depth - 1)) \(pick(operators, &rng)) \(expr(&rng, depth - 1))"
        case 1: return "\(pick(functions, &rng))(\(rng.chance(0.2) ? "*" : expr(&rng, depth - 1)))"
        case 2: return "CAST(\(expr(&rng, depth - 1)) AS \(pick(types, &rng)))"
        case 3: return "\(atom(&rng))::\(pick(types, &rng))"
        case 4: return "CASE WHEN \(expr(&rng, depth - 1)) THEN \(expr(&rng, depth - 1)) ELSE \(atom(&rng)) END"
        case 5: return "\(expr(&rng, depth - 1)) IS \(rng.chance(0.5) ? "NOT " : "")NULL"
        case 6: return "\(atom(&rng)) IN (\(atom(&rng)), \(atom(&rng)))"
        case 7: return "(SELECT \(expr(&rng, depth - 1)) FROM fy LIMIT 1)"
        default: return "NOT (\(expr(&rng, depth - 1)))"
        }
    }

    func atom(_ rng: inout SeededGenerator) -> String {
        rng.chance(0.5) ? pick(columns, &rng) : literal(&rng)
    }

    func literal(_ rng: inout SeededGenerator) -> String {
        pick(["1", "0", "-1", "2147483648", "9223372036854775807", "1.5", "'text'", "'it''s'", "NULL", "true", "'2024-01-01'",
              "'{\"k\": 1}'", "E'\\n'", "$$dollar$$", "'1 day'", "''", "E'\\u00e9'", "$1", "1e308"], &rng)
    }

    func mutate(_ sql: String, _ rng: inout SeededGenerator) -> String {
        var tokens = sql.split(separator: " ").map(String.init)
        for _ in 0..<Int.random(in: 1...3, using: &rng) where !tokens.isEmpty {
            let i = Int.random(in: 0..<tokens.count, using: &rng)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: tokens.remove(at: i)
            case 1: tokens.insert(tokens[i], at: i)
            case 2: tokens.swapAt(i, Int.random(in: 0..<tokens.count, using: &rng))
            default: tokens[i] = pick(noise, &rng)
            }
        }
        return tokens.joined(separator: rng.chance(0.8) ? " " : "")
    }

    func garbage(_ rng: inout SeededGenerator) -> String {
        var out = ""
        for _ in 0..<Int.random(in: 1...30, using: &rng) {
            if rng.chance(0.02) { out += "\u{0}" }
            else if rng.chance(0.6) { out += pick(noise, &rng) + (rng.chance(0.5) ? " " : "") }
            else { out.unicodeScalars.append(Unicode.Scalar(UInt8.random(in: 1...126, using: &rng))) }
        }
        return out
    }

    func pick(_ list: [String], _ rng: inout SeededGenerator) -> String { list[Int.random(in: 0..<list.count, using: &rng)] }
}
