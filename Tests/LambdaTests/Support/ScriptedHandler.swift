import Foundation
import Lambda
import Synchronization

/// What the scripted handler records: cold starts, contexts seen, cancellations.
final class Probe: Sendable {
    private struct State {
        var inits = 0
        var initEnvironments: [[String: String]] = []
        var contexts: [LambdaContext] = []
    }
    private let state = Mutex(State())
    let gate = Gate()
    let cancelled = Signal()
    let failInit = Mutex(false)
    let slowInit = Mutex(false)

    var initCount: Int { state.withLock { $0.inits } }
    var contexts: [LambdaContext] { state.withLock { $0.contexts } }
    var initEnvironments: [[String: String]] { state.withLock { $0.initEnvironments } }

    func recordInit(_ environment: [String: String]) {
        state.withLock {
            $0.inits += 1
            $0.initEnvironments.append(environment)
        }
    }

    func record(_ context: LambdaContext) { state.withLock { $0.contexts.append(context) } }
}

/// The test event: which behaviour to script.
struct Script: Codable, Sendable {
    var action: String
    var message: String?
}

/// What the scripted handler answers.
struct Answer: Codable, Sendable, Equatable {
    var echo: String?
    var requestID: String
    var remainingBefore: Int64?
    var remainingAfter: Int64?
}

/// An error with Lambda-style naming.
struct ValidationFailure: LambdaFunctionError {
    let errorType = "ValueError"
    let errorMessage: String
}

/// A JSON handler driven by the event's `action`, reporting to a `Probe` found in the resources.
struct ScriptedHandler: JSONLambdaHandler {
    typealias Event = Script
    typealias Output = Answer

    let probe: Probe

    init(context: LambdaInitializationContext) async throws {
        probe = try context.resources.require(Probe.self)
        if probe.failInit.withLock({ $0 }) { throw ValidationFailure(errorMessage: "init refused") }
        if probe.slowInit.withLock({ $0 }) { try await Task.sleep(for: .seconds(30)) }
        probe.recordInit(context.environment)
        context.logger.log("init in \(context.logStreamName)")
    }

    func handle(_ event: Script, context: LambdaContext) async throws -> Answer {
        probe.record(context)
        switch event.action {
        case "echo":
            context.logger.info("echo \(event.message ?? "")")
            return Answer(echo: event.message, requestID: context.requestID)
        case "throw":
            throw ValidationFailure(errorMessage: event.message ?? "bad input")
        case "hold":
            await probe.gate.pass()
            return Answer(echo: "released", requestID: context.requestID)
        case "sleep":
            do {
                try await Task.sleep(for: .seconds(30))
            } catch {
                probe.cancelled.fire()
                throw error
            }
            return Answer(echo: "woke", requestID: context.requestID)
        case "remaining":
            let before = LambdaInvokerTestsSupport.milliseconds(context.remainingTime)
            try await Task.sleep(for: .milliseconds(30))
            let after = LambdaInvokerTestsSupport.milliseconds(context.remainingTime)
            return Answer(echo: nil, requestID: context.requestID, remainingBefore: before, remainingAfter: after)
        default:
            throw ValidationFailure(errorMessage: "unknown action \(event.action)")
        }
    }
}

enum LambdaInvokerTestsSupport {
    static func milliseconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }

    static func event(_ action: String, _ message: String? = nil) -> [UInt8] {
        Array(try! JSONEncoder().encode(Script(action: action, message: message)))
    }

    static func answer(_ result: InvocationResult) -> Answer? {
        guard case .success(let bytes) = result else { return nil }
        return try? JSONDecoder().decode(Answer.self, from: Data(bytes))
    }
}
