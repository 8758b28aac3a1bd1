/// An answer the Runtime API gives a runtime: status, header fields and body.
///
/// Why: the Runtime API's own answers (`202 {"status":"OK"}`, and the 400/403/413/500 errors
/// with `errorMessage`/`errorType` bodies) are the same few values everywhere; keeping them as
/// data lets the state machine return them and the tests compare them.
struct RuntimeAPIReply: Sendable, Equatable {
    var status: Int
    var headers: [String: String] = ["Content-Type": "application/json"]
    var body: [UInt8]

    private static func error(_ status: Int, type: String, message: String) -> RuntimeAPIReply {
        RuntimeAPIReply(status: status, body: LambdaJSON.encode(["errorMessage": message, "errorType": type]))
    }

    /// 202 `{"status":"OK"}`: a response, error or init error was accepted.
    static let accepted = RuntimeAPIReply(status: 202, body: Array(#"{"status":"OK"}"#.utf8))

    /// 400: no invocation in flight has that id.
    static let invalidRequestID = error(400, type: "InvalidRequestID", message: "Invalid request ID")

    /// 403: the call is not allowed in the environment's state.
    static func invalidStateTransition(_ call: String) -> RuntimeAPIReply {
        error(403, type: "InvalidStateTransition", message: "State transition is not allowed (\(call))")
    }

    /// 413: a response body over the limit.
    static func payloadTooLarge(limit: Int) -> RuntimeAPIReply {
        error(413, type: "RequestEntityTooLarge", message: "Exceeded maximum allowed payload size (\(limit) bytes).")
    }

    /// 500: the environment is ending; the runtime should exit.
    static let containerError = error(500, type: "Runtime.ContainerError", message: "The execution environment is shutting down")

    /// 404 for paths the Runtime API does not have.
    static let notFound = error(404, type: "NotFound", message: "Not found")

    /// A `next` answer: the event with its headers.
    static func event(_ invocation: RuntimeInvocation) -> RuntimeAPIReply {
        var headers: [String: String] = [:]
        for field in invocation.headerFields { headers[field.name] = field.value }
        return RuntimeAPIReply(status: 200, headers: headers, body: invocation.payload)
    }
}
