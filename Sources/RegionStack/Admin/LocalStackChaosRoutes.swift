import Chaos
import HTTP
import Lambda

/// LocalStack's Chaos API, so scripts written for LocalStack run unchanged: served on the admin
/// listener and on the edge port under `/_localstack/chaos/`.
///
/// - `/_localstack/chaos/faults`: `GET` the rules; `POST` replaces them (`[]` clears, `[{}]`
///   faults every call); `PATCH` appends; `DELETE` removes the rules equal to those given. Each
///   answers the resulting list, with each rule's fields as given.
/// - `/_localstack/chaos/effects`: `GET` / `POST` `{"latency": ms}`, added to every faultable call.
///
/// The rules apply to the regions' REST APIs (service `apigateway`, operation `METHOD /path` or
/// `METHOD`) and to Lambda's Invoke API (service `lambda`, operation `Invoke`), including the
/// Route 53 health probes, which go through the region's API like any client. Probabilities draw
/// from a generator seeded with the stack's seed, so a run replays.
struct LocalStackChaosRoutes {
    static let prefix = "/_localstack/chaos/"
    static let faultsPath = "/_localstack/chaos/faults"
    static let effectsPath = "/_localstack/chaos/effects"

    let faults: FaultRuleInjector

    /// A reply for the paths it owns, nil for the rest.
    func respond(to request: HTTPRequest) -> HTTPReply? {
        switch request.path {
        case Self.faultsPath, Self.faultsPath + "/":
            return .now(faultsRoute(request))
        case Self.effectsPath, Self.effectsPath + "/":
            return .now(effectsRoute(request))
        default:
            guard request.path.hasPrefix(Self.prefix) else { return nil }
            return .now(.json(404, #"{"message":"unknown Chaos API path \#(JSONText.quote(request.path)); use /_localstack/chaos/faults or /_localstack/chaos/effects"}"#))
        }
    }

    func faultsRoute(_ request: HTTPRequest) -> HTTPResponse {
        if request.method == "GET" { return .json(200, FaultRule.json(faults.rules)) }
        guard ["POST", "PATCH", "DELETE"].contains(request.method) else { return Self.notAllowed("GET, POST, PATCH, DELETE") }
        let rules: [FaultRule]
        do throws(FaultRuleParseError) {
            rules = try FaultRule.parseList(request.body)
        } catch {
            return .json(400, #"{"message":\#(JSONText.quote(error.message))}"#)
        }
        let result: [FaultRule]
        switch request.method {
        case "POST": result = faults.replace(with: rules)
        case "PATCH": result = faults.add(rules)
        default: result = faults.remove(rules)
        }
        return .json(200, FaultRule.json(result))
    }

    func effectsRoute(_ request: HTTPRequest) -> HTTPResponse {
        if request.method == "GET" { return .json(200, faults.effects.json) }
        guard request.method == "POST" else { return Self.notAllowed("GET, POST") }
        do throws(FaultRuleParseError) {
            faults.setEffects(try NetworkEffects.parse(request.body))
        } catch {
            return .json(400, #"{"message":\#(JSONText.quote(error.message))}"#)
        }
        return .json(200, faults.effects.json)
    }

    static func notAllowed(_ allowed: String) -> HTTPResponse {
        var response = HTTPResponse.json(405, #"{"message":"Method Not Allowed"}"#)
        response.headers.add(name: "Allow", value: allowed)
        return response
    }
}

/// How a faulted call answers, and how a network effect delays a reply.
enum LocalStackChaosReply {
    /// An AWS-style error: the rule's status, `x-amzn-ErrorType` with its code, and a JSON body
    /// with `__type` and LocalStack's outage message.
    static func response(_ error: FaultError, service: String) -> HTTPResponse {
        var response = HTTPResponse.json(
            error.statusCode,
            #"{"__type":\#(JSONText.quote(error.code)),"message":\#(JSONText.quote(FaultError.message(service: service)))}"#)
        response.headers.add(name: "x-amzn-ErrorType", value: error.code)
        return response
    }

    /// `reply`, or `reply` after `milliseconds` (on the shared deadline scheduler, no thread held).
    static func delayed(_ reply: HTTPReply, milliseconds: Int) -> HTTPReply {
        guard milliseconds > 0 else { return reply }
        return .deferred { sink in
            _ = DeadlineScheduler.shared.schedule(after: .milliseconds(milliseconds)) {
                switch reply {
                case .now(let response): sink.send(response)
                case .deferred(let start): start(sink)
                case .later(let work): Task { sink.send(await work()) }
                }
            }
        }
    }

    /// Applies the injector's verdict for `call` to a reply that `answer` computes.
    static func apply(
        _ faults: FaultRuleInjector?, _ call: @autoclosure () -> FaultCall, service: String, answer: () -> HTTPReply
    ) -> HTTPReply {
        guard let faults else { return answer() }
        let verdict = faults.check(call())
        if let error = verdict.error { return delayed(.now(response(error, service: service)), milliseconds: verdict.latencyMs) }
        return delayed(answer(), milliseconds: verdict.latencyMs)
    }
}
