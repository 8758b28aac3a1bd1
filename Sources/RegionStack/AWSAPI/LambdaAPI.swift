import AWSAPI
import Lambda

/// Lambda's control and invoke API (2015-03-31, rest-json) over the stack's invokers, one per
/// region: the shapes are botocore's, the values the functions' real configuration.
struct LambdaAPI {
    /// The invoker of each region the stack runs.
    let invokers: [String: LambdaInvoker]
    let accountID: String

    var service: AWSService {
        AWSService(
            signingName: "lambda", wireProtocol: .restJSON,
            operations: [
                AWSOperation("Invoke", "POST", "/2015-03-31/functions/{FunctionName}/invocations") { request throws(AWSError) in try await invoke(request) },
                AWSOperation("ListFunctions", "GET", "/2015-03-31/functions/") { request throws(AWSError) in try listFunctions(request) },
                AWSOperation("GetFunction", "GET", "/2015-03-31/functions/{FunctionName}") { request throws(AWSError) in try getFunction(request) },
                AWSOperation("GetFunctionConfiguration", "GET", "/2015-03-31/functions/{FunctionName}/configuration") { request throws(AWSError) in
                    try .json(Self.configuration(invoker(request).lookup(request.label("FunctionName"))))
                },
                AWSOperation("UpdateFunctionConfiguration", "PUT", "/2015-03-31/functions/{FunctionName}/configuration") { request throws(AWSError) in
                    try updateConfiguration(request)
                },
                AWSOperation("ListVersionsByFunction", "GET", "/2015-03-31/functions/{FunctionName}/versions") { request throws(AWSError) in
                    let configuration = try invoker(request).lookup(request.label("FunctionName"))
                    return .json(.object([("Versions", .array([Self.configuration(configuration)]))]))
                },
                AWSOperation("ListAliases", "GET", "/2015-03-31/functions/{FunctionName}/aliases") { request throws(AWSError) in
                    _ = try invoker(request).lookup(request.label("FunctionName"))
                    return .json(.object([("Aliases", .array([]))]))
                },
                AWSOperation("GetFunctionConcurrency", "GET", "/2019-09-30/functions/{FunctionName}/concurrency") { request throws(AWSError) in
                    let configuration = try invoker(request).lookup(request.label("FunctionName"))
                    return .json(.members([("ReservedConcurrentExecutions", configuration.reservedConcurrentExecutions.map { .int(Int64($0)) })]))
                },
                AWSOperation("PutFunctionConcurrency", "PUT", "/2017-10-31/functions/{FunctionName}/concurrency") { request throws(AWSError) in
                    try putConcurrency(request)
                },
                AWSOperation("DeleteFunctionConcurrency", "DELETE", "/2017-10-31/functions/{FunctionName}/concurrency") { request throws(AWSError) in
                    let invoker = try invoker(request)
                    let name = try invoker.lookup(request.label("FunctionName")).functionName
                    try Self.mapping { () throws(LambdaError) in try invoker.setReservedConcurrency(name, nil) }
                    return .empty(204)
                },
                AWSOperation("ListTags", "GET", "/2017-03-31/tags/{Resource}") { request throws(AWSError) in
                    let configuration = try invoker(request).lookup(request.label("Resource"))
                    return .json(.object([("Tags", .map(configuration.tags))]))
                },
                AWSOperation("GetPolicy", "GET", "/2015-03-31/functions/{FunctionName}/policy") { request throws(AWSError) in
                    let configuration = try invoker(request).lookup(request.label("FunctionName"))
                    guard let policy = configuration.resourcePolicy else {
                        throw AWSError(
                            code: "ResourceNotFoundException", message: "The resource you requested does not exist.",
                            status: 404, fields: [("Type", .string("User"))])
                    }
                    return .json(.object([("Policy", .string(policy)), ("RevisionId", .string(configuration.revisionID))]))
                },
                AWSOperation("GetFunctionCodeSigningConfig", "GET", "/2020-06-30/functions/{FunctionName}/code-signing-config") { request throws(AWSError) in
                    let configuration = try invoker(request).lookup(request.label("FunctionName"))
                    return .json(.object([("CodeSigningConfigArn", .string("")), ("FunctionName", .string(configuration.functionName))]))
                },
            ],
            unimplemented: [
                .init("CreateFunction", "POST", "/2015-03-31/functions"),
                .init("DeleteFunction", "DELETE", "/2015-03-31/functions/{FunctionName}"),
                .init("UpdateFunctionCode", "PUT", "/2015-03-31/functions/{FunctionName}/code"),
                .init("PublishVersion", "POST", "/2015-03-31/functions/{FunctionName}/versions"),
                .init("CreateAlias", "POST", "/2015-03-31/functions/{FunctionName}/aliases"),
                .init("AddPermission", "POST", "/2015-03-31/functions/{FunctionName}/policy"),
                .init("TagResource", "POST", "/2017-03-31/tags/{Resource}"),
                .init("UntagResource", "DELETE", "/2017-03-31/tags/{Resource}"),
                .init("InvokeAsync", "POST", "/2014-11-13/functions/{FunctionName}/invoke-async"),
                .init("GetAccountSettings", "GET", "/2016-08-19/account-settings"),
            ])
    }

    /// The region's invoker; a region the stack does not run has no functions.
    func invoker(_ request: AWSRequest) throws(AWSError) -> Invoker {
        Invoker(invoker: invokers[request.region], region: request.region, accountID: accountID)
    }

    /// An invoker lookup that answers Lambda's `ResourceNotFoundException` for unknown names.
    struct Invoker {
        let invoker: LambdaInvoker?
        let region: String
        let accountID: String

        func lookup(_ identifier: String) throws(AWSError) -> FunctionConfiguration {
            guard let invoker else { throw LambdaAPI.notFound(identifier, region: region, accountID: accountID) }
            return try LambdaAPI.mapping { () throws(LambdaError) in try invoker.lookup(identifier) }
        }

        func setReservedConcurrency(_ name: String, _ value: Int?) throws(LambdaError) {
            try invoker?.setReservedConcurrency(name, value)
        }
    }

    func invoke(_ request: AWSRequest) async throws(AWSError) -> AWSResponse {
        let name = request.label("FunctionName")
        guard let invoker = invokers[request.region] else { throw Self.notFound(name, region: request.region, accountID: accountID) }
        let answer = await invoker.invokeAPI(
            functionName: name, payload: request.body, invocationType: request.header("X-Amz-Invocation-Type"),
            traceHeader: request.header("X-Amzn-Trace-Id"), clientContext: request.header("X-Amz-Client-Context"),
            logType: request.header("X-Amz-Log-Type"))
        return AWSResponse(
            status: answer.status, headers: answer.headers.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) },
            body: answer.body)
    }

    func listFunctions(_ request: AWSRequest) throws(AWSError) -> AWSResponse {
        let all = invokers[request.region]?.configurations() ?? []
        let limit = min(max(Int(request.queryValue("MaxItems") ?? "") ?? 50, 1), 50)
        let start = request.queryValue("Marker").map { marker in all.firstIndex { $0.functionName > marker } ?? all.count } ?? 0
        let page = Array(all[start...].prefix(limit))
        let next = start + page.count < all.count ? page.last?.functionName : nil
        return .json(.members([("Functions", .array(page.map(Self.configuration))), ("NextMarker", next.map(AWSJSON.string))]))
    }

    func getFunction(_ request: AWSRequest) throws(AWSError) -> AWSResponse {
        let configuration = try invoker(request).lookup(request.label("FunctionName"))
        return .json(
            .members([
                ("Configuration", Self.configuration(configuration)),
                (
                    "Code",
                    .object([
                        ("RepositoryType", .string("S3")),
                        ("Location", .string("https://regionstack.local/lambda/\(configuration.region)/\(configuration.functionName).zip")),
                    ])
                ),
                ("Tags", configuration.tags.isEmpty ? nil : .map(configuration.tags)),
                (
                    "Concurrency",
                    configuration.reservedConcurrentExecutions.map { .object([("ReservedConcurrentExecutions", .int(Int64($0)))]) }
                ),
            ]))
    }

    func updateConfiguration(_ request: AWSRequest) throws(AWSError) -> AWSResponse {
        let body = try request.json()
        let lookup = try invoker(request)
        let name = try lookup.lookup(request.label("FunctionName")).functionName
        var update = FunctionConfigurationUpdate()
        if let environment = body["Environment"] {
            guard let variables = environment["Variables"]?.stringMap ?? (environment["Variables"] == nil ? [:] : nil) else {
                throw Self.invalid("Environment.Variables must be a map of strings")
            }
            update.environment = variables
        }
        if let timeout = body["Timeout"] {
            guard let seconds = timeout.int else { throw Self.invalid("Timeout must be an integer number of seconds") }
            update.timeout = .seconds(seconds)
        }
        if let memory = body["MemorySize"] {
            guard let mb = memory.int else { throw Self.invalid("MemorySize must be an integer number of MB") }
            update.memorySize = Int(mb)
        }
        if let description = body["Description"]?.string { update.description = description }
        let invoker = lookup.invoker!
        let updated = try Self.mapping { () throws(LambdaError) in try invoker.updateConfiguration(name, update) }
        return .json(Self.configuration(updated))
    }

    func putConcurrency(_ request: AWSRequest) throws(AWSError) -> AWSResponse {
        let body = try request.json()
        guard let value = body["ReservedConcurrentExecutions"]?.int else {
            throw Self.invalid("ReservedConcurrentExecutions is required and must be an integer")
        }
        let lookup = try invoker(request)
        let name = try lookup.lookup(request.label("FunctionName")).functionName
        try Self.mapping { () throws(LambdaError) in try lookup.setReservedConcurrency(name, Int(value)) }
        return .json(.object([("ReservedConcurrentExecutions", .int(value))]))
    }

    // MARK: shapes and errors

    /// botocore's `FunctionConfiguration`.
    static func configuration(_ c: FunctionConfiguration) -> AWSJSON {
        let timeout = Int64(c.timeoutSeconds.rounded(.up))
        return .members([
            ("FunctionName", .string(c.functionName)),
            ("FunctionArn", .string(c.functionARN)),
            ("Runtime", .string(c.runtime)),
            ("Role", .string(c.role)),
            ("Handler", .string(c.handler)),
            ("CodeSize", .int(0)),
            ("Description", .string(c.description)),
            ("Timeout", .int(max(timeout, 1))),
            ("MemorySize", .int(Int64(c.memorySize))),
            ("LastModified", .string(c.lastModified)),
            ("CodeSha256", .string("")),
            ("Version", .string(c.functionVersion)),
            ("Environment", c.environment.isEmpty ? nil : .object([("Variables", .map(c.environment))])),
            ("TracingConfig", .object([("Mode", .string(c.tracingMode == .active ? "Active" : "PassThrough"))])),
            ("RevisionId", .string(c.revisionID)),
            ("State", .string("Active")),
            ("LastUpdateStatus", .string("Successful")),
            ("PackageType", .string("Zip")),
            ("Architectures", .array([.string("x86_64")])),
            ("EphemeralStorage", .object([("Size", .int(512))])),
            ("LoggingConfig", .object([("LogFormat", .string("Text")), ("LogGroup", .string(c.logGroupName))])),
        ])
    }

    static func notFound(_ identifier: String, region: String, accountID: String) -> AWSError {
        let name = identifier.split(separator: ":").count >= 7 ? identifier : "arn:aws:lambda:\(region):\(accountID):function:\(identifier)"
        return error(.functionNotFound(arn: name))
    }

    static func invalid(_ message: String) -> AWSError { error(.invalidParameter(message)) }

    /// Lambda's error as the router renders it: `x-amzn-ErrorType`, `{"message", "Type"}`.
    static func error(_ e: LambdaError) -> AWSError {
        var fields: [(String, AWSJSON)] = [("Type", .string(e.type))]
        if let reason = e.reason { fields.append(("Reason", .string(reason))) }
        return AWSError(code: e.code, message: e.message, status: e.httpStatus, fields: fields)
    }

    /// Runs a Lambda call, turning its `LambdaError` into the API's error.
    static func mapping<T>(_ body: () throws(LambdaError) -> T) throws(AWSError) -> T {
        do { return try body() } catch { throw Self.error(error) }
    }
}
