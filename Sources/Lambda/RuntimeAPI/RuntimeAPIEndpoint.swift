import HTTP
import Synchronization

/// The Runtime API of one execution environment: the protocol state, the parked `next`, and the
/// invoker's waiters for init and for the invocation in flight.
///
/// Why: this is where the HTTP requests of the runtime process and the invoker's calls meet.
/// `RuntimeAPIState` decides; this shell answers requests (a parked `next` through the server's
/// response sink, so a long poll holds no thread), resumes the invoker's continuations, and
/// flushes the process's output before an invocation completes so the function's lines precede
/// its END line. It never references its server, so the server (which holds it as responder)
/// can be shut down from the environment's owner.
final class RuntimeAPIEndpoint: HTTPResponder, Sendable {
    static let prefix = "/2018-06-01/runtime/"

    private struct Shell {
        var machine: RuntimeAPIState<HTTPResponseSink>
        var initWaiter: CheckedContinuation<RuntimeFailure?, Never>?
        var initResult: RuntimeFailure??
        var invocationWaiter: (id: String, continuation: CheckedContinuation<RuntimeOutcome, Never>)?
    }

    private let shell: Mutex<Shell>
    /// Called before an invocation's result is handed back (the process's output flush).
    private let beforeCompletion: Mutex<(@Sendable () -> Void)?> = Mutex(nil)

    init(responseLimit: Int = LambdaPayloadLimits.response) {
        shell = Mutex(Shell(machine: RuntimeAPIState(responseLimit: responseLimit)))
    }

    func setBeforeCompletion(_ body: @escaping @Sendable () -> Void) {
        beforeCompletion.withLock { $0 = body }
    }

    // MARK: - HTTP

    func bodyLimit(for head: HTTPRequestHead) -> Int {
        // Room above Lambda's limit, so an oversized response is refused the way Lambda refuses it.
        LambdaPayloadLimits.response * 2
    }

    func respond(to request: HTTPRequest) -> HTTPReply {
        guard request.path.hasPrefix(Self.prefix) else { return .now(Self.http(.notFound)) }
        let route = request.path.dropFirst(Self.prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        let errorType = request.headers["Lambda-Runtime-Function-Error-Type"]
        switch (request.method, route.count, route.first, route.last) {
        case ("GET", 2, "invocation", "next"):
            return .deferred { sink in
                let reply = self.apply { $0.next(sink) }
                if let reply { sink.send(Self.http(reply)) }
            }
        case ("POST", 3, "invocation", "response"):
            let id = String(route[1])
            return .now(Self.http(apply { $0.response(requestID: id, body: request.body) } ?? .accepted))
        case ("POST", 3, "invocation", "error"):
            let id = String(route[1])
            return .now(Self.http(apply { $0.error(requestID: id, errorType: errorType, body: request.body) } ?? .accepted))
        case ("POST", 2, "init", "error"):
            return .now(Self.http(apply { $0.initError(errorType: errorType, body: request.body) } ?? .accepted))
        default:
            return .now(Self.http(.notFound))
        }
    }

    static func http(_ reply: RuntimeAPIReply) -> HTTPResponse {
        HTTPResponse(status: reply.status, headers: HTTPHeaders(reply.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }), body: reply.body)
    }

    // MARK: - Invoker side

    /// Waits for init to end: nil once the runtime asked for its first invocation.
    func waitForInit() async -> RuntimeFailure? {
        await withCheckedContinuation { continuation in
            let ready = shell.withLock { s -> RuntimeFailure?? in
                if let result = s.initResult { return .some(result) }
                s.initWaiter = continuation
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Hands `invocation` to the runtime and waits for its outcome.
    func run(_ invocation: RuntimeInvocation, ended: @escaping @Sendable () -> RuntimeExit) async -> RuntimeOutcome {
        await withCheckedContinuation { continuation in
            let actions = shell.withLock { s -> [RuntimeAPIState<HTTPResponseSink>.Action]? in
                guard let actions = s.machine.invoke(invocation) else { return nil }
                s.invocationWaiter = (invocation.requestID, continuation)
                return actions
            }
            guard let actions else {
                continuation.resume(returning: .exited(ended()))
                return
            }
            perform(actions)
        }
    }

    /// The process ended: fail what is pending.
    func processEnded(_ exit: RuntimeExit) {
        let actions = shell.withLock { $0.machine.processEnded(exit) }
        perform(actions)
    }

    // MARK: - Actions

    /// Applies an event and carries out its actions; returns the reply for the request, if any.
    private func apply(
        _ event: (inout RuntimeAPIState<HTTPResponseSink>) -> RuntimeAPIState<HTTPResponseSink>.Step
    ) -> RuntimeAPIReply? {
        let step = shell.withLock { event(&$0.machine) }
        perform(step.actions)
        return step.reply
    }

    private func perform(_ actions: [RuntimeAPIState<HTTPResponseSink>.Action]) {
        for action in actions {
            switch action {
            case .deliver(let sink, let invocation):
                sink.send(Self.http(.event(invocation)))
            case .release(let sink, let reply):
                sink.send(Self.http(reply))
            case .initialized:
                resumeInit(nil)
            case .initFailed(let failure):
                resumeInit(failure)
            case .completed(let id, let outcome):
                beforeCompletion.withLock { $0 }?()
                let waiter = shell.withLock { s -> CheckedContinuation<RuntimeOutcome, Never>? in
                    guard let waiter = s.invocationWaiter, waiter.id == id else { return nil }
                    s.invocationWaiter = nil
                    return waiter.continuation
                }
                waiter?.resume(returning: outcome)
            }
        }
    }

    private func resumeInit(_ result: RuntimeFailure?) {
        beforeCompletion.withLock { $0 }?()
        let waiter = shell.withLock { s -> CheckedContinuation<RuntimeFailure?, Never>? in
            guard s.initResult == nil else { return nil }
            s.initResult = .some(result)
            defer { s.initWaiter = nil }
            return s.initWaiter
        }
        waiter?.resume(returning: result)
    }
}
