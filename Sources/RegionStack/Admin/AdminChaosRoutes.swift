import Chaos
import Foundation
import HTTP
import Replication

/// The chaos API on the admin listener.
///
/// - `GET /_regionstack/status`: regions, log nodes, links, health checks.
/// - `POST /_regionstack/chaos/regions/{region}/kill` (`{"mode": "refuse" | "blackhole"}`),
///   `.../pause` (`{"seconds": N}`, or until resume), `.../resume`, `.../restore`: each answers
///   the region's state; kill, pause and restore are idempotent.
/// - `PUT /_regionstack/chaos/links/{from}/{to}`: `{"partition": true}` or
///   `{"latency_ms": 40, "jitter_ms": 5, "loss": 0.01}`, one direction, or both with `"both": true`.
/// - `PUT /_regionstack/chaos/latency`: `{"preset": "realistic" | "zero"}`.
/// - `DELETE /_regionstack/chaos`: heals everything.
///
/// Errors are JSON `{"error": code, "message": ...}`: 404 for an unknown region (with the
/// stack's `regions`), 400 for a malformed body, 405 for a wrong method, 409 for pausing a
/// killed region.
struct AdminChaosRoutes {
    static let statusPath = "/_regionstack/status"
    static let prefix = "/_regionstack/chaos"

    let chaos: StackChaos

    func respond(to request: HTTPRequest) -> HTTPReply? {
        let path = request.path
        if path == Self.statusPath {
            guard request.method == "GET" else { return .now(Self.methodNotAllowed(["GET"])) }
            let chaos = self.chaos
            return .later { .json(200, await chaos.status().json) }
        }
        guard path == Self.prefix || path.hasPrefix(Self.prefix + "/") else { return nil }
        let parts = path.dropFirst(Self.prefix.count).split(separator: "/", omittingEmptySubsequences: true).map {
            String($0).removingPercentEncoding ?? String($0)
        }
        let body: [String: Any]
        switch Self.parseBody(request.body) {
        case .failure(let error): return .now(Self.error(error))
        case .success(let object): body = object
        }
        let chaos = self.chaos
        switch (request.method, parts.count, parts.first) {
        case (_, 0, _):
            guard request.method == "DELETE" else { return .now(Self.methodNotAllowed(["DELETE"])) }
            return .later {
                do throws(ChaosError) {
                    try await chaos.heal()
                    return .json(200, await chaos.status().json)
                } catch { return Self.error(error) }
            }
        case (_, 3, "regions"):
            guard request.method == "POST" else { return .now(Self.methodNotAllowed(["POST"])) }
            let name = parts[1], operation = parts[2]
            let handle: RegionHandle
            do throws(ChaosError) { handle = try chaos.region(name) } catch { return .now(Self.error(error)) }
            let run: @Sendable () async throws(ChaosError) -> Void
            switch operation {
            case "kill":
                let mode: KillMode
                do throws(ChaosError) { mode = try Self.mode(body) } catch { return .now(Self.error(error)) }
                run = { await handle.kill(mode) }
            case "pause":
                let duration: Duration?
                do throws(ChaosError) { duration = try Self.seconds(body) } catch { return .now(Self.error(error)) }
                run = { () async throws(ChaosError) in _ = try await handle.pause(for: duration) }
            case "resume":
                run = { () async throws(ChaosError) in _ = try await handle.resume() }
            case "restore":
                run = { () async throws(ChaosError) in _ = try await handle.restore() }
            default:
                return .now(Self.error(.invalid("unknown region operation \"\(operation)\": use kill, pause, resume or restore")))
            }
            return .later {
                do throws(ChaosError) {
                    try await run()
                    let status = await chaos.status()
                    return .json(200, status.region(handle.name).map(StackStatus.json) ?? "{}")
                } catch { return Self.error(error) }
            }
        case (_, 3, "links"):
            guard request.method == "PUT" else { return .now(Self.methodNotAllowed(["PUT"])) }
            do throws(ChaosError) {
                let from = try chaos.region(parts[1]).name, to = try chaos.region(parts[2]).name
                let (fault, both) = try Self.linkFault(body)
                try chaos.setLink(from: from, to: to, fault, both: both)
            } catch { return .now(Self.error(error)) }
            return .later { .json(200, await chaos.status().json) }
        case (_, 1, "latency"):
            guard request.method == "PUT" else { return .now(Self.methodNotAllowed(["PUT"])) }
            do throws(ChaosError) {
                guard let name = body["preset"] as? String, let preset = LatencyPreset(rawValue: name) else {
                    throw .invalid("the body must be {\"preset\": \"realistic\"} or {\"preset\": \"zero\"}")
                }
                try chaos.applyLatency(preset)
            } catch { return .now(Self.error(error)) }
            return .later { .json(200, await chaos.status().json) }
        default:
            return .now(.json(404, #"{"error":"not_found","message":"no chaos route \#(JSONText.quote(request.method + " " + path).dropFirst().dropLast()); see GET /_regionstack/status"}"#))
        }
    }

    // MARK: bodies

    /// An empty body is `{}`; anything else must be a JSON object.
    static func parseBody(_ bytes: [UInt8]) -> Result<[String: Any], ChaosError> {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .success([:]) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            return .failure(.invalid("the body must be a JSON object"))
        }
        return .success(object)
    }

    static func mode(_ body: [String: Any]) throws(ChaosError) -> KillMode {
        guard let value = body["mode"] else { return .refuse }
        guard let name = value as? String, let mode = KillMode(rawValue: name) else {
            throw .invalid("\"mode\" must be \"refuse\" (connections refused) or \"blackhole\" (accepted, never answered)")
        }
        return mode
    }

    static func seconds(_ body: [String: Any]) throws(ChaosError) -> Duration? {
        guard let value = body["seconds"], !(value is NSNull) else { return nil }
        guard let number = value as? NSNumber, !isBool(number), number.doubleValue > 0, number.doubleValue <= 86_400 else {
            throw .invalid("\"seconds\" must be a number of seconds between 0 and 86400 (omit it to pause until resume)")
        }
        return .milliseconds(Int64((number.doubleValue * 1000).rounded()))
    }

    static func linkFault(_ body: [String: Any]) throws(ChaosError) -> (LinkFault, both: Bool) {
        let known: Set<String> = ["partition", "latency_ms", "jitter_ms", "loss", "both"]
        if let unknown = body.keys.sorted().first(where: { !known.contains($0) }) {
            throw .invalid("unknown field \"\(unknown)\": a link takes partition, latency_ms, jitter_ms, loss and both")
        }
        if body.isEmpty { throw .invalid("the body must set partition, latency_ms, jitter_ms or loss") }
        func flag(_ key: String) throws(ChaosError) -> Bool {
            guard let v = body[key] else { return false }
            guard let n = v as? NSNumber, isBool(n) else { throw .invalid("\"\(key)\" must be true or false") }
            return n.boolValue
        }
        func number(_ key: String) throws(ChaosError) -> Double {
            guard let v = body[key] else { return 0 }
            guard let n = v as? NSNumber, !isBool(n) else { throw .invalid("\"\(key)\" must be a number") }
            return n.doubleValue
        }
        let fault = LinkFault(
            partition: try flag("partition"), latencyMs: try number("latency_ms"), jitterMs: try number("jitter_ms"),
            loss: try number("loss"))
        try fault.validate()
        return (fault, try flag("both"))
    }

    /// JSON true/false (Foundation gives them as NSNumbers of type char/bool, numbers otherwise).
    static func isBool(_ n: NSNumber) -> Bool {
        let type = String(cString: n.objCType)
        return type == "c" || type == "B"
    }

    // MARK: answers

    static func error(_ error: ChaosError) -> HTTPResponse {
        var out = "{\"error\":\"\(error.code)\",\"message\":\(JSONText.quote(error.description))"
        if case .unknownRegion(_, let known) = error {
            out += ",\"regions\":[" + known.map(JSONText.quote).joined(separator: ",") + "]"
        }
        return .json(error.status, out + "}")
    }

    static func methodNotAllowed(_ allowed: [String]) -> HTTPResponse {
        var response = HTTPResponse.json(
            405, "{\"error\":\"method_not_allowed\",\"allowed\":[" + allowed.map(JSONText.quote).joined(separator: ",") + "]}")
        response.headers.add(name: "Allow", value: allowed.joined(separator: ", "))
        return response
    }
}
