/// An access-log format compiled once: literal byte runs and `$context` variables, so rendering a
/// line is a walk over a few segments instead of re-scanning the format and matching variable
/// names for every request.
///
/// `AccessLogSettings` keeps the template of its format; `render` gives exactly what
/// `AccessLogFormatter.render(format:record:)` gives for the same format.
public struct AccessLogTemplate: Sendable, Equatable {
    enum Segment: Sendable, Equatable {
        case literal([UInt8])
        case variable(AccessLogVariable?)
    }

    let segments: [Segment]

    /// Compiles `format` (a `$context.` marker followed by name characters, trailing dots excluded).
    public init(_ format: String) {
        var segments: [Segment] = []
        var literal: [UInt8] = []
        let bytes = Array(format.utf8)
        let marker = Array("$context.".utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "$"), bytes.count - i >= marker.count, bytes[i..<i + marker.count].elementsEqual(marker) {
                var j = i + marker.count
                while j < bytes.count, Self.isNameByte(bytes[j]) { j += 1 }
                while j > i + marker.count, bytes[j - 1] == UInt8(ascii: ".") { j -= 1 }
                let name = String(decoding: bytes[(i + marker.count)..<j], as: UTF8.self)
                if !literal.isEmpty {
                    segments.append(.literal(literal))
                    literal = []
                }
                segments.append(.variable(AccessLogVariable(name: name)))
                i = j
            } else {
                literal.append(bytes[i])
                i += 1
            }
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        self.segments = segments
    }

    /// The line for `record`: every variable JSON-escaped, `-` when it has no value.
    public func render(_ record: AccessLogRecord) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        for segment in segments {
            switch segment {
            case .literal(let bytes): out.append(contentsOf: bytes)
            case .variable(let variable): JSONValue.appendEscaped(variable?.value(record) ?? "-", to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: ".")
            || b == UInt8(ascii: "_")
    }
}

/// The `$context` variables the gateway fills in; any other name renders as `-`.
enum AccessLogVariable: Sendable, Equatable {
    case requestID, extendedRequestID, apiID, accountID, stage, deploymentID, domainName, domainPrefix, httpMethod
    case resourcePath, resourceID, path, protocolVersion, requestTime, requestTimeEpoch, sourceIP, userAgent, apiKey
    case apiKeyID, xrayTraceID, status, responseLength, responseLatency, integrationLatency, integrationStatus
    case integrationResponseStatus, integrationError, errorMessage, errorMessageString, errorResponseType

    init?(name: String) {
        switch name {
        case "requestId": self = .requestID
        case "extendedRequestId": self = .extendedRequestID
        case "apiId": self = .apiID
        case "accountId": self = .accountID
        case "stage": self = .stage
        case "deploymentId": self = .deploymentID
        case "domainName": self = .domainName
        case "domainPrefix": self = .domainPrefix
        case "httpMethod": self = .httpMethod
        case "resourcePath": self = .resourcePath
        case "resourceId": self = .resourceID
        case "path": self = .path
        case "protocol": self = .protocolVersion
        case "requestTime": self = .requestTime
        case "requestTimeEpoch": self = .requestTimeEpoch
        case "identity.sourceIp": self = .sourceIP
        case "identity.userAgent": self = .userAgent
        case "identity.apiKey": self = .apiKey
        case "identity.apiKeyId": self = .apiKeyID
        case "xrayTraceId": self = .xrayTraceID
        case "status": self = .status
        case "responseLength": self = .responseLength
        case "responseLatency", "responseTime": self = .responseLatency
        case "integrationLatency", "integration.latency": self = .integrationLatency
        case "integrationStatus", "integration.integrationStatus": self = .integrationStatus
        case "integration.status": self = .integrationResponseStatus
        case "integration.error", "integrationErrorMessage": self = .integrationError
        case "error.message": self = .errorMessage
        case "error.messageString": self = .errorMessageString
        case "error.responseType": self = .errorResponseType
        default: return nil  // identity.caller, identity.user, identity.accountId, ... are null for NONE auth
        }
    }

    /// The value, or nil when AWS would write `-`.
    func value(_ r: AccessLogRecord) -> String? {
        let c = r.context
        switch self {
        case .requestID: return c.requestID
        case .extendedRequestID: return c.extendedRequestID
        case .apiID: return c.apiID
        case .accountID: return c.accountID
        case .stage: return c.stage
        case .deploymentID: return c.deploymentID
        case .domainName: return c.domainName
        case .domainPrefix: return c.domainName.split(separator: ".").first.map(String.init)
        case .httpMethod: return c.httpMethod
        case .resourcePath: return c.resourcePath
        case .resourceID: return c.resourceID
        case .path: return c.path
        case .protocolVersion: return c.protocolVersion
        case .requestTime: return UTCTime(epochMillis: c.epochMillis).commonLogFormat
        case .requestTimeEpoch: return String(c.epochMillis)
        case .sourceIP: return c.sourceIP
        case .userAgent: return c.userAgent
        case .apiKey: return c.apiKey?.value
        case .apiKeyID: return c.apiKey?.id
        case .xrayTraceID: return c.tracingEnabled ? (c.traceID.hasPrefix("Root=") ? String(c.traceID.dropFirst(5)) : c.traceID) : nil
        case .status: return String(r.status)
        case .responseLength: return String(r.responseLength)
        case .responseLatency: return String(r.responseLatencyMillis)
        case .integrationLatency: return r.integrationLatencyMillis.map { String($0) }
        case .integrationStatus: return r.integrationStatus.map { String($0) }
        case .integrationResponseStatus: return r.integrationResponseStatus.map { String($0) }
        case .integrationError: return r.integrationError
        case .errorMessage: return r.errorMessage
        case .errorMessageString: return r.errorMessage.map { "\"\($0)\"" }
        case .errorResponseType: return r.errorResponseType
        }
    }
}
