import Foundation
import Observability

/// The changes `UpdateFunctionConfiguration` may make; nil members stay as they are.
public struct FunctionConfigurationUpdate: Sendable, Equatable {
    /// The whole new environment (Lambda replaces the map, it does not merge it).
    public var environment: [String: String]?
    /// The new timeout.
    public var timeout: Duration?
    /// The new memory size in MB.
    public var memorySize: Int?
    /// The new description.
    public var description: String?

    public init(environment: [String: String]? = nil, timeout: Duration? = nil, memorySize: Int? = nil, description: String? = nil) {
        self.environment = environment
        self.timeout = timeout
        self.memorySize = memorySize
        self.description = description
    }
}

extension LambdaInvoker {
    /// `UpdateFunctionConfiguration`: validates the changed configuration as `CreateFunction`
    /// does (reserved environment keys refused with AWS's message), stores it, and drops the warm
    /// environments, so the next invocations start new environments with it (busy ones are dropped
    /// when they finish). Returns the new configuration.
    public func updateConfiguration(_ functionName: String, _ update: FunctionConfigurationUpdate) throws(LambdaError)
        -> FunctionConfiguration
    {
        let name = Self.resolveName(functionName)
        guard var configuration = configuration(of: name) else { throw .functionNotFound(arn: arn(of: name)) }
        if let environment = update.environment { configuration.environment = environment }
        if let timeout = update.timeout { configuration.timeout = timeout }
        if let memory = update.memorySize { configuration.memorySize = memory }
        if let description = update.description { configuration.description = description }
        try configuration.validate()
        configuration.lastModified = LambdaTime.lastModified(epochMillis: logs.now())
        configuration.revisionID = ids.uuid()
        let updated = configuration
        let stored = state.withLock { state -> Bool in
            guard state.functions[name] != nil else { return false }
            state.functions[name]!.configuration = updated
            _ = state.evictAll(name)
            return true
        }
        guard stored else { throw .functionNotFound(arn: arn(of: name)) }
        return updated
    }

    /// Replaces a function's tags (the stack's own resources carry the seed's tags).
    public func setTags(_ functionName: String, _ tags: [String: String]) throws(LambdaError) {
        let name = Self.resolveName(functionName)
        let found = state.withLock { state -> Bool in
            guard state.functions[name] != nil else { return false }
            state.functions[name]!.configuration.tags = tags
            return true
        }
        if !found { throw .functionNotFound(arn: arn(of: name)) }
    }

    /// The configuration of a function named by name, `name:qualifier` or ARN; throws
    /// `ResourceNotFoundException` as Lambda does.
    public func lookup(_ identifier: String) throws(LambdaError) -> FunctionConfiguration {
        let name = Self.resolveName(identifier)
        guard let configuration = configuration(of: name) else { throw .functionNotFound(arn: arn(of: name)) }
        return configuration
    }

    /// Every registered function's configuration, sorted by name.
    public func configurations() -> [FunctionConfiguration] {
        state.withLock { $0.functions.values.map(\.configuration) }.sorted { $0.functionName < $1.functionName }
    }

    /// What `X-Amz-Log-Type: Tail` returns: the invocation's log lines (its `START` line through
    /// its `REPORT` line and anything after it before the next invocation, as they are in its
    /// stream), the last `limit` bytes, base64.
    public func tailLog(of record: InvocationRecord, functionName: String, limit: Int = 4096) -> String {
        guard !record.requestID.isEmpty, !record.logStreamName.isEmpty, let configuration = configuration(of: functionName)
        else { return "" }
        let events =
            (try? logs.query(
                LogQuery(
                    logGroupName: configuration.logGroupName, logStreamNames: [record.logStreamName], limit: 1_000,
                    order: .newestFirst))) ?? []
        let id = record.requestID
        var lines: [String] = []
        var inside = false
        for event in events {
            if !inside {
                // Lines after this invocation's REPORT that belong to it (a timeout line) come
                // before the next START; anything of a later invocation is skipped.
                if event.message.hasPrefix("START RequestId: ") { lines.removeAll() }
                lines.append(event.message)
                if event.message.hasPrefix("REPORT RequestId: \(id)") { inside = true }
                continue
            }
            lines.append(event.message)
            if event.message.hasPrefix("START RequestId: \(id)") { break }
        }
        guard inside else { return "" }
        var text = Array(lines.reversed().map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }.joined().utf8)
        if text.count > limit { text = Array(text.suffix(limit)) }
        return Data(text).base64EncodedString()
    }
}

/// Lambda's `LastModified` format.
enum LambdaTime {
    static func lastModified(epochMillis: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSZ"
        return formatter.string(from: Date(timeIntervalSince1970: Double(epochMillis) / 1000))
    }
}
