/// One AWS service on the edge port: its signing name, protocol and operations.
///
/// A service is one registration with the router (`AWSRouter.register`): the router finds the
/// operation by the protocol's rule (URI template, `X-Amz-Target` or `Action`), decodes the
/// request into an `AWSRequest`, and renders thrown `AWSError`s in the protocol's error shape.
/// The operations themselves belong to the modules that own the data.
public struct AWSService: Sendable {
    /// The SigV4 signing name in the credential scope (`lambda`, `apigateway`, `dsql`, `sts`).
    public var signingName: String
    /// The wire protocol.
    public var wireProtocol: AWSProtocol
    /// The operations.
    public var operations: [AWSOperation]
    /// Protocol-specific names of operations the model has but the emulator does not implement
    /// (rest-json: so a request on their URI gets `UnknownOperationException` naming them).
    public var unimplemented: [AWSOperation.Route]

    public init(
        signingName: String, wireProtocol: AWSProtocol, operations: [AWSOperation], unimplemented: [AWSOperation.Route] = []
    ) {
        self.signingName = signingName
        self.wireProtocol = wireProtocol
        self.operations = operations
        self.unimplemented = unimplemented
    }
}

/// One operation: its name, where rest-json finds it, and the code that answers it.
public struct AWSOperation: Sendable {
    /// A rest-json operation's HTTP method and URI template (`/2015-03-31/functions/{FunctionName}`;
    /// `{Name+}` is greedy), with the operation's name.
    public struct Route: Sendable {
        public var name: String
        public var method: String
        public var template: String
        let segments: [URITemplate.Segment]

        public init(_ name: String, _ method: String, _ template: String) {
            self.name = name
            self.method = method
            self.template = template
            segments = URITemplate.segments(template)
        }
    }

    public typealias Handler = @Sendable (AWSRequest) async throws(AWSError) -> AWSResponse

    /// The operation's name, e.g. `GetCluster`.
    public var name: String
    /// Its rest-json route (nil for json and query services).
    public var route: Route?
    /// The answer.
    public var handler: Handler

    /// A rest-json operation.
    public init(_ name: String, _ method: String, _ template: String, handler: @escaping Handler) {
        self.name = name
        self.route = Route(name, method, template)
        self.handler = handler
    }

    /// A json or query operation (found by name).
    public init(_ name: String, handler: @escaping Handler) {
        self.name = name
        self.route = nil
        self.handler = handler
    }
}
