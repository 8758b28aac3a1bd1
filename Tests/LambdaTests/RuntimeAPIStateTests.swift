@testable import Lambda
import Testing

/// The Runtime API protocol as a pure state machine: who may say what, when.
@Suite struct RuntimeAPIStateTests {
    typealias Machine = RuntimeAPIState<Int>

    static func invocation(_ id: String = "req-1") -> RuntimeInvocation {
        RuntimeInvocation(
            requestID: id, payload: Array("{}".utf8), deadlineMilliseconds: 1_700_000_003_000,
            invokedFunctionARN: "arn:aws:lambda:us-east-1:000000000000:function:f", traceID: "Root=1-a-b;Sampled=0",
            clientContext: nil, cognitoIdentity: nil)
    }

    static func delivered(_ actions: [Machine.Action]) -> (Int, RuntimeInvocation)? {
        for case .deliver(let waiter, let invocation) in actions { return (waiter, invocation) }
        return nil
    }

    static func completed(_ actions: [Machine.Action]) -> (String, RuntimeOutcome)? {
        for case .completed(let id, let outcome) in actions { return (id, outcome) }
        return nil
    }

    @Test func firstNextEndsInitAndParksThenAnInvocationIsDelivered() {
        var machine = Machine()
        let step = machine.next(1)
        #expect(step.reply == nil)
        guard case .initialized = step.actions.first else { Issue.record("no initialized action"); return }
        #expect(machine.invoke(Self.invocation()).flatMap(Self.delivered)?.0 == 1)
        // A second invocation while one is in flight is refused (the pool never does that).
        #expect(machine.invoke(Self.invocation("req-2")) == nil)
        let response = machine.response(requestID: "req-1", body: Array("42".utf8))
        #expect(response.reply == .accepted)
        #expect(Self.completed(response.actions)?.1 == .response(Array("42".utf8)))
    }

    @Test func anInvocationBeforeTheNextNextIsQueued() {
        var machine = Machine()
        _ = machine.next(1)
        _ = machine.invoke(Self.invocation("a"))
        _ = machine.response(requestID: "a", body: [])
        #expect(machine.invoke(Self.invocation("b")) == [])
        let step = machine.next(2)
        #expect(Self.delivered(step.actions)?.1.requestID == "b")
    }

    @Test func invokingDuringInitIsRefused() {
        var machine = Machine()
        #expect(machine.invoke(Self.invocation()) == nil)
    }

    @Test func wrongRequestIDIs400AndKeepsTheInvocation() {
        var machine = Machine()
        _ = machine.next(1)
        _ = machine.invoke(Self.invocation("a"))
        #expect(machine.response(requestID: "zzz", body: []).reply == .invalidRequestID)
        #expect(machine.error(requestID: "zzz", errorType: nil, body: []).reply == .invalidRequestID)
        #expect(machine.response(requestID: "a", body: []).reply == .accepted)
        // Answered already: the id is no longer in flight.
        #expect(machine.response(requestID: "a", body: []).reply == .invalidRequestID)
    }

    @Test func errorBodyAndTypeArePassedThrough() {
        var machine = Machine()
        _ = machine.next(1)
        _ = machine.invoke(Self.invocation("a"))
        let body = Array(#"{"errorMessage":"boom","errorType":"ValueError"}"#.utf8)
        let step = machine.error(requestID: "a", errorType: "Unhandled", body: body)
        #expect(step.reply == .accepted)
        #expect(Self.completed(step.actions)?.1 == .functionError(RuntimeErrorReport(errorType: "Unhandled", body: body)))
    }

    @Test func oversizedResponseIs413AndTheInvocationFailsWithItsSize() {
        var machine = Machine(responseLimit: 10)
        _ = machine.next(1)
        _ = machine.invoke(Self.invocation("a"))
        let step = machine.response(requestID: "a", body: Array(repeating: 0x41, count: 11))
        #expect(step.reply == .payloadTooLarge(limit: 10))
        #expect(Self.completed(step.actions)?.1 == .responseTooLarge(size: 11))
        #expect(machine.response(requestID: "a", body: Array(repeating: 0x41, count: 10)).reply == .invalidRequestID)
    }

    @Test func initErrorOnlyDuringInit() {
        var machine = Machine()
        let step = machine.initError(errorType: "Runtime.ImportModuleError", body: Array("{}".utf8))
        #expect(step.reply == .accepted)
        guard case .initFailed(.reported(let report)) = step.actions.first else { Issue.record("no initFailed"); return }
        #expect(report.errorType == "Runtime.ImportModuleError")
        // The process then exits: no second failure is reported.
        #expect(machine.processEnded(RuntimeExit(status: 1, signal: nil)).isEmpty)
        var ready = Machine()
        _ = ready.next(1)
        #expect(ready.initError(errorType: nil, body: []).reply?.status == 403)
    }

    @Test func concurrentNextIs403() {
        var machine = Machine()
        _ = machine.next(1)
        #expect(machine.next(2).reply?.status == 403)
    }

    @Test func exitFailsWhatIsPending() {
        var initializing = Machine()
        guard case .initFailed(.exited(let exit)) = initializing.processEnded(RuntimeExit(status: 1, signal: nil)).first else {
            Issue.record("no init failure"); return
        }
        #expect(exit.description == "exit status 1")

        var busy = Machine()
        _ = busy.next(1)
        _ = busy.invoke(Self.invocation("a"))
        let actions = busy.processEnded(RuntimeExit(status: nil, signal: 9))
        #expect(Self.completed(actions)?.1 == .exited(RuntimeExit(status: nil, signal: 9)))
        #expect(RuntimeExit(status: nil, signal: 9).description == "signal: killed")
        #expect(busy.invoke(Self.invocation("b")) == nil)
        #expect(busy.next(3).reply == .containerError)

        var parked = Machine()
        _ = parked.next(1)
        guard case .release(1, let reply) = parked.processEnded(RuntimeExit(status: 0, signal: nil)).first else {
            Issue.record("parked next not released"); return
        }
        #expect(reply.status == 500)
    }

    @Test func nextHeadersCarryTheInvocation() {
        var invocation = Self.invocation()
        invocation.clientContext = #"{"custom":{"a":"b"}}"#
        let headers = RuntimeAPIReply.event(invocation).headers
        #expect(headers["Lambda-Runtime-Aws-Request-Id"] == "req-1")
        #expect(headers["Lambda-Runtime-Deadline-Ms"] == "1700000003000")
        #expect(headers["Lambda-Runtime-Invoked-Function-Arn"] == invocation.invokedFunctionARN)
        #expect(headers["Lambda-Runtime-Trace-Id"] == "Root=1-a-b;Sampled=0")
        #expect(headers["Lambda-Runtime-Client-Context"] == invocation.clientContext)
        #expect(headers["Lambda-Runtime-Cognito-Identity"] == nil)
    }
}

extension RuntimeAPIState.Action: Equatable where Waiter: Equatable {
    public static func == (a: Self, b: Self) -> Bool {
        switch (a, b) {
        case (.deliver(let w1, let i1), .deliver(let w2, let i2)): return w1 == w2 && i1 == i2
        case (.release(let w1, let r1), .release(let w2, let r2)): return w1 == w2 && r1 == r2
        case (.initialized, .initialized): return true
        case (.initFailed(let f1), .initFailed(let f2)): return f1 == f2
        case (.completed(let a1, let o1), .completed(let a2, let o2)): return a1 == a2 && o1 == o2
        default: return false
        }
    }
}
