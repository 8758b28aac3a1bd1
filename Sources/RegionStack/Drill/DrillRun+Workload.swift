import Chaos
import DSQL
import DSQLClient
import Foundation
import Glibc
import HTTP
import Replication

extension DrillRun {
    /// How long one API call may take before its outcome counts as unknown.
    static let requestTimeout: Duration = .seconds(2)

    /// One client: starts one operation per pacing slot until `deadline`, recording each.
    func runClient(_ client: DrillClient, workload: DrillWorkload, pool: HTTPClientPool, until deadline: UInt64) async {
        var workload = workload
        let session = try? cluster.connect(region: client.region)
        let slot = UInt64(mix.pacingMs) * 1_000_000
        var next = Self.now()
        while Self.now() < deadline {
            let operation = workload.next(for: client)
            let begin = Self.now()
            let result: (outcome: DrillOutcome, observed: DrillObservation?, created: String?)
            switch client.kind {
            case .bank:
                if let session {
                    let (outcome, observed) = await bank(operation, session: session, region: client.region)
                    result = (outcome, observed, nil)
                } else {
                    result = (.failed("no DSQL endpoint"), nil, nil)
                }
            case .users:
                result = await users(operation, pool: pool)
            }
            let record = DrillRecord(
                client: client, operation: operation, start: begin, end: Self.now(), outcome: result.outcome,
                observed: result.observed, created: result.created)
            records.withLock { $0.append(record) }
            next += slot
            let now = Self.now()
            if next > now { try? await Task.sleep(for: .nanoseconds(Int64(next - now))) } else { next = now }
        }
    }

    /// A transfer (two updates and a ledger row in one transaction) or a ledger read.
    func bank(_ operation: DrillOperation, session: DSQLSession, region: NodeID) async -> (DrillOutcome, DrillObservation?) {
        do throws(DSQLError) {
            switch operation {
            case .transfer(let id, let from, let to, let amount):
                let regionName = names[region]
                try await session.transaction(maxAttempts: 3) { tx throws(DSQLError) in
                    _ = try await tx.execute(
                        "UPDATE drill_bank SET balance = balance - $1 WHERE id = $2", [.integer(Int64(amount)), .integer(Int64(from))])
                    _ = try await tx.execute(
                        "UPDATE drill_bank SET balance = balance + $1 WHERE id = $2", [.integer(Int64(amount)), .integer(Int64(to))])
                    _ = try await tx.execute(
                        "INSERT INTO drill_ledger VALUES ($1, $2, $3, $4, $5)",
                        [.text(id), .integer(Int64(from)), .integer(Int64(to)), .integer(Int64(amount)), .text(regionName)])
                }
                return (.ok, nil)
            case .readLedger:
                let result = try await session.execute("SELECT id FROM drill_ledger")
                return (.ok, .ledger(Set(result.rows.compactMap { $0.first ?? nil })))
            default:
                return (.failed("not a bank operation"), nil)
            }
        } catch {
            let text = "\(error.sqlstate) \(error.message)"
            return (error.sqlstate == DSQLError.commitOutcomeUnknown.sqlstate ? .unknown(text) : .failed(text), nil)
        }
    }

    /// `POST /users` or `GET /users` on the region's API.
    func users(_ operation: DrillOperation, pool: HTTPClientPool) async -> (DrillOutcome, DrillObservation?, String?) {
        let response: HTTPClientResponse
        do throws(HTTPClientError) {
            switch operation {
            case .createUser(let name, let email):
                let body = #"{"name":"\#(name)","email":"\#(email)"}"#
                response = try await pool.send(
                    method: "POST", path: "/prod/users", headers: [("Content-Type", "application/json")], body: Array(body.utf8),
                    timeout: Self.requestTimeout)
            case .listUsers:
                response = try await pool.send(path: "/prod/users", timeout: Self.requestTimeout)
            default:
                return (.failed("not a users operation"), nil, nil)
            }
        } catch {
            // Refused: the request never left. Anything else: it may have been served.
            if case .connect = error { return (.failed("\(error)"), nil, nil) }
            return (.unknown("\(error)"), nil, nil)
        }
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        switch (operation, response.status) {
        case (.createUser, 201):
            return (.ok, nil, (object?["created_at"] as? String).map(DrillUserRow.sortKey))
        case (.listUsers, 200):
            let rows = (object?["users"] as? [[String: Any]] ?? []).compactMap { user -> DrillUserRow? in
                guard let email = user["email"] as? String, let created = user["created_at"] as? String else { return nil }
                return DrillUserRow(email: email, createdAt: created)
            }
            return (.ok, .users(rows), nil)
        case (_, 400..<500):
            return (.failed("HTTP \(response.status)"), nil, nil)
        default:
            // A 5xx after the function ran: the write may or may not have committed.
            return (operation.isWrite ? .unknown("HTTP \(response.status)") : .failed("HTTP \(response.status)"), nil, nil)
        }
    }
}
