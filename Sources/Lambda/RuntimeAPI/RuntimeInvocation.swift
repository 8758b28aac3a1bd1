/// One invocation as the Runtime API hands it to a runtime: the event and the `next` headers.
///
/// Why: `GET /runtime/invocation/next` answers with the payload as its body and the invocation's
/// facts as `Lambda-Runtime-*` headers; this value carries exactly those, so the state machine
/// stays free of the invoker's types.
struct RuntimeInvocation: Sendable, Equatable {
    /// `Lambda-Runtime-Aws-Request-Id`.
    var requestID: String
    /// The event, JSON bytes.
    var payload: [UInt8]
    /// `Lambda-Runtime-Deadline-Ms`: the timeout as Unix epoch milliseconds.
    var deadlineMilliseconds: Int64
    /// `Lambda-Runtime-Invoked-Function-Arn`.
    var invokedFunctionARN: String
    /// `Lambda-Runtime-Trace-Id`.
    var traceID: String
    /// `Lambda-Runtime-Client-Context` (raw JSON), only when the caller passed one.
    var clientContext: String?
    /// `Lambda-Runtime-Cognito-Identity` (raw JSON), only when the caller had one.
    var cognitoIdentity: String?

    /// The `next` response's header fields, in Lambda's names.
    var headerFields: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = [
            ("Content-Type", "application/json"),
            ("Lambda-Runtime-Aws-Request-Id", requestID),
            ("Lambda-Runtime-Deadline-Ms", String(deadlineMilliseconds)),
            ("Lambda-Runtime-Invoked-Function-Arn", invokedFunctionARN),
            ("Lambda-Runtime-Trace-Id", traceID),
        ]
        if let clientContext { fields.append(("Lambda-Runtime-Client-Context", clientContext)) }
        if let cognitoIdentity { fields.append(("Lambda-Runtime-Cognito-Identity", cognitoIdentity)) }
        return fields
    }

    static func == (a: Self, b: Self) -> Bool {
        a.requestID == b.requestID && a.payload == b.payload && a.deadlineMilliseconds == b.deadlineMilliseconds
            && a.invokedFunctionARN == b.invokedFunctionARN && a.traceID == b.traceID && a.clientContext == b.clientContext
            && a.cognitoIdentity == b.cognitoIdentity
    }
}

/// How a runtime process ended, worded as Lambda words it (`exit status 1`, `signal: killed`).
struct RuntimeExit: Sendable, Equatable, CustomStringConvertible {
    /// The exit code, when the process exited.
    var status: Int32?
    /// The signal, when one ended it.
    var signal: Int32?

    /// `exit status N` or `signal: <name>`.
    var description: String {
        if let signal { return "signal: \(Self.signalName(signal))" }
        return "exit status \(status ?? 0)"
    }

    /// Go's signal names, which Lambda's messages use.
    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case 9: return "killed"
        case 11: return "segmentation fault"
        case 6: return "aborted"
        case 15: return "terminated"
        case 2: return "interrupt"
        case 7: return "bus error"
        case 8: return "floating point exception"
        case 13: return "broken pipe"
        default: return "signal \(signal)"
        }
    }
}

/// An error a runtime posted (`init/error` or `invocation/{id}/error`): its type header and body.
struct RuntimeErrorReport: Sendable, Equatable {
    /// `Lambda-Runtime-Function-Error-Type`, if sent.
    var errorType: String?
    /// The body, passed through to the caller as Lambda does.
    var body: [UInt8]
}

/// Why init did not finish.
enum RuntimeFailure: Sendable, Equatable {
    /// The runtime posted `init/error`.
    case reported(RuntimeErrorReport)
    /// The process ended before its first `next`.
    case exited(RuntimeExit)
}

/// How one invocation ended on the runtime side.
enum RuntimeOutcome: Sendable, Equatable {
    /// `invocation/{id}/response`.
    case response([UInt8])
    /// A response over Lambda's limit (refused with 413 to the runtime).
    case responseTooLarge(size: Int)
    /// `invocation/{id}/error`.
    case functionError(RuntimeErrorReport)
    /// The process ended while the invocation was pending.
    case exited(RuntimeExit)
}
