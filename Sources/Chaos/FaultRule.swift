import JSONLexing
import Foundation

/// One LocalStack Chaos API fault rule: which calls it hits and what error they get.
///
/// The shape is LocalStack's `/_localstack/chaos/faults` schema: optional `region`, `service`,
/// `operation` (an omitted filter matches everything), `probability` (default 1) and `error`
/// with `statusCode` (default 503) and `code` (default `ServiceUnavailable`). The rule keeps the
/// fields exactly as given, so GET echoes what was posted and DELETE can compare rules field by
/// field, as LocalStack does ("the rule to be removed must be exactly the same").
public struct FaultRule: Sendable, Equatable {
    public var region: String?
    public var service: String?
    public var operation: String?
    public var probability: Double?
    public var statusCode: Int?
    public var code: String?
    /// Whether the rule carried an `error` object at all (kept for the echo).
    public var hasError: Bool

    public init(
        region: String? = nil, service: String? = nil, operation: String? = nil, probability: Double? = nil,
        statusCode: Int? = nil, code: String? = nil
    ) {
        self.region = region
        self.service = service
        self.operation = operation
        self.probability = probability
        self.statusCode = statusCode
        self.code = code
        hasError = statusCode != nil || code != nil
    }

    /// The error a call hit by this rule gets.
    public var error: FaultError {
        FaultError(statusCode: statusCode ?? 503, code: code ?? "ServiceUnavailable")
    }

    /// The probability the rule fires on a matching call (1 when omitted).
    public var effectiveProbability: Double { probability ?? 1 }

    /// True when every given filter matches the call (services and operations ignore case).
    public func matches(_ call: FaultCall) -> Bool {
        if let region, region != call.region { return false }
        if let service, !FaultCall.sameService(service, call.service) { return false }
        if let operation, !call.operations.contains(where: { $0.caseInsensitiveCompare(operation) == .orderedSame }) {
            return false
        }
        return true
    }

    /// The rule as JSON, with only the fields it was given (LocalStack's echo).
    public var json: String {
        var parts: [String] = []
        if let service { parts.append(#""service": \#(Self.quote(service))"#) }
        if let region { parts.append(#""region": \#(Self.quote(region))"#) }
        if let operation { parts.append(#""operation": \#(Self.quote(operation))"#) }
        if let probability { parts.append(#""probability": \#(Self.number(probability))"#) }
        if hasError {
            var error: [String] = []
            if let statusCode { error.append(#""statusCode": \#(statusCode)"#) }
            if let code { error.append(#""code": \#(Self.quote(code))"#) }
            parts.append(#""error": {\#(error.joined(separator: ", "))}"#)
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// A list of rules as a JSON array.
    public static func json(_ rules: [FaultRule]) -> String {
        "[" + rules.map(\.json).joined(separator: ", ") + "]"
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func quote(_ text: String) -> String { JSONEscape.quote(text) }
}

/// The error a faulted call answers with: an HTTP status and an AWS error code.
public struct FaultError: Sendable, Equatable {
    public var statusCode: Int
    public var code: String

    public init(statusCode: Int, code: String) {
        self.statusCode = statusCode
        self.code = code
    }

    /// The message LocalStack writes for an outage: `Service 'lambda' not accessible due to an outage`.
    public static func message(service: String) -> String { "Service '\(service)' not accessible due to an outage" }
}

/// One call the fault rules are asked about: its service, region and operation names.
public struct FaultCall: Sendable, Equatable {
    /// The service as LocalStack names it: `apigateway` (a REST API call) or `lambda`.
    public var service: String
    /// The region the call runs in.
    public var region: String
    /// The names a rule's `operation` may use for this call, e.g. `["Invoke"]`, or for a REST API
    /// call `["GET /users", "GET"]` (the method and resource, or the method alone).
    public var operations: [String]

    public init(service: String, region: String, operations: [String]) {
        self.service = service
        self.region = region
        self.operations = operations
    }

    /// Service names compare case-insensitively; `execute-api` is the REST APIs' data plane,
    /// the same service as `apigateway` here.
    static func sameService(_ a: String, _ b: String) -> Bool {
        func canonical(_ s: String) -> String {
            let lower = s.lowercased()
            return lower == "execute-api" ? "apigateway" : lower
        }
        return canonical(a) == canonical(b)
    }
}
