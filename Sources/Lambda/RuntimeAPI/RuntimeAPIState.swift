/// The Lambda Runtime API protocol of one execution environment, as a pure state machine.
///
/// Why: the runtime process and the invoker meet here from different threads (the Runtime API
/// server's loop, the invoker's task, the process reaper), and the rules of who may say what
/// when (the first `next` ends init, one invocation at a time, a response only for the
/// invocation in flight) are easiest to get right, and to test, with no I/O. `Waiter` is
/// whatever answers a parked `next` later (the HTTP server's response sink); each event returns
/// the actions the shell carries out.
struct RuntimeAPIState<Waiter: Sendable>: Sendable {
    /// Where the environment is in its life.
    enum Phase: Sendable {
        /// Spawned; init runs until the runtime's first `next` (or `init/error`).
        case initializing
        /// Initialised, no invocation, and the runtime is not asking (between a response and the next `next`).
        case idle
        /// The runtime's `next` is parked, waiting for an invocation.
        case waitingForNext(Waiter)
        /// An invocation arrived before the runtime asked for it.
        case queued(RuntimeInvocation)
        /// The runtime has the invocation; its response or error is awaited.
        case inFlight(RuntimeInvocation)
        /// The runtime reported `init/error`; it should exit.
        case initFailed
        /// The process ended (exit, crash, kill); nothing more happens.
        case ended
    }

    /// What the shell must do.
    enum Action: Sendable {
        /// Answer a parked `next` with this event.
        case deliver(to: Waiter, RuntimeInvocation)
        /// Answer a parked `next` with an error (the environment is ending).
        case release(Waiter, RuntimeAPIReply)
        /// Init finished (the runtime asked for its first invocation).
        case initialized
        /// Init failed: the runtime reported it, or the process ended first.
        case initFailed(RuntimeFailure)
        /// The invocation with this id ended.
        case completed(requestID: String, RuntimeOutcome)
    }

    /// What a request from the runtime gets: an answer now, or nothing (the `next` is parked).
    struct Step: Sendable {
        var reply: RuntimeAPIReply?
        var actions: [Action] = []
    }

    private(set) var phase: Phase = .initializing
    /// The largest response body the runtime may post.
    let responseLimit: Int

    init(responseLimit: Int = LambdaPayloadLimits.response) {
        self.responseLimit = responseLimit
    }

    // MARK: - From the runtime

    /// `GET /runtime/invocation/next`: deliver a queued invocation, or park `waiter`.
    mutating func next(_ waiter: Waiter) -> Step {
        switch phase {
        case .initializing:
            phase = .waitingForNext(waiter)
            return Step(reply: nil, actions: [.initialized])
        case .idle:
            phase = .waitingForNext(waiter)
            return Step(reply: nil)
        case .queued(let invocation):
            phase = .inFlight(invocation)
            return Step(reply: nil, actions: [.deliver(to: waiter, invocation)])
        case .waitingForNext, .inFlight:
            return Step(reply: .invalidStateTransition("next"))
        case .initFailed, .ended:
            return Step(reply: .containerError)
        }
    }

    /// `POST /runtime/invocation/{id}/response`.
    mutating func response(requestID: String, body: [UInt8]) -> Step {
        guard case .inFlight(let invocation) = phase else {
            return Step(reply: isKnownState ? .invalidRequestID : .containerError)
        }
        guard invocation.requestID == requestID else { return Step(reply: .invalidRequestID) }
        phase = .idle
        if body.count > responseLimit {
            return Step(
                reply: .payloadTooLarge(limit: responseLimit),
                actions: [.completed(requestID: requestID, .responseTooLarge(size: body.count))])
        }
        return Step(reply: .accepted, actions: [.completed(requestID: requestID, .response(body))])
    }

    /// `POST /runtime/invocation/{id}/error`: the function error, body passed through.
    mutating func error(requestID: String, errorType: String?, body: [UInt8]) -> Step {
        guard case .inFlight(let invocation) = phase else {
            return Step(reply: isKnownState ? .invalidRequestID : .containerError)
        }
        guard invocation.requestID == requestID else { return Step(reply: .invalidRequestID) }
        phase = .idle
        let report = RuntimeErrorReport(errorType: errorType, body: body)
        return Step(reply: .accepted, actions: [.completed(requestID: requestID, .functionError(report))])
    }

    /// `POST /runtime/init/error`.
    mutating func initError(errorType: String?, body: [UInt8]) -> Step {
        guard case .initializing = phase else { return Step(reply: .invalidStateTransition("init/error")) }
        phase = .initFailed
        let report = RuntimeErrorReport(errorType: errorType, body: body)
        return Step(reply: .accepted, actions: [.initFailed(.reported(report))])
    }

    private var isKnownState: Bool {
        switch phase {
        case .initFailed, .ended: return false
        default: return true
        }
    }

    // MARK: - From the invoker and the process

    /// The invoker hands over an invocation; nil when the environment cannot take one
    /// (busy, still initialising, or ended).
    mutating func invoke(_ invocation: RuntimeInvocation) -> [Action]? {
        switch phase {
        case .waitingForNext(let waiter):
            phase = .inFlight(invocation)
            return [.deliver(to: waiter, invocation)]
        case .idle:
            phase = .queued(invocation)
            return []
        case .initializing, .queued, .inFlight, .initFailed, .ended:
            return nil
        }
    }

    /// The process ended (or was killed): fail whatever was pending.
    mutating func processEnded(_ exit: RuntimeExit) -> [Action] {
        let previous = phase
        phase = .ended
        switch previous {
        case .initializing, .initFailed:
            if case .initFailed = previous { return [] }
            return [.initFailed(.exited(exit))]
        case .waitingForNext(let waiter):
            return [.release(waiter, .containerError)]
        case .queued(let invocation), .inFlight(let invocation):
            return [.completed(requestID: invocation.requestID, .exited(exit))]
        case .idle, .ended:
            return []
        }
    }
}
