import Foundation
import HTTP
import Synchronization

/// The edge port's AWS API router: finds the service by the request's SigV4 credential scope,
/// the operation by the service's protocol, and renders errors in that protocol's shape.
///
/// `respond(to:)` answers nil for requests that carry no credential scope, so the caller (the
/// edge listener) serves them as before; a scoped request always gets an AWS-shaped answer, an
/// `UnknownOperationException` or `UnknownServiceException` included, never a bare 404.
/// Signatures are not verified: any credentials are accepted, as LocalStack does.
public final class AWSRouter: Sendable {
    private let services = Mutex<[String: AWSService]>([:])
    private let faults: AWSFaultFilter?

    /// A router; `faults`, when given, is asked about every resolved call first (fault
    /// injection: LocalStack's Chaos API rules).
    public init(faults: AWSFaultFilter? = nil) {
        self.faults = faults
    }

    /// Adds (or replaces) a service under its signing name.
    public func register(_ service: AWSService) {
        services.withLock { $0[service.signingName] = service }
    }

    /// The signing names served, sorted.
    public var serviceNames: [String] { services.withLock { $0.keys.sorted() } }

    /// The answer to a SigV4-scoped request; nil when the request carries no credential scope.
    public func respond(to request: HTTPRequest) -> HTTPReply? {
        guard let scope = CredentialScope.of(authorization: request.headers["authorization"], query: request.query) else {
            return nil
        }
        guard let service = services.withLock({ $0[scope.service] }) else {
            let error = AWSError.unknownService(scope.service, known: serviceNames)
            return .now(Self.http(Self.render(error, protocol: Self.guessProtocol(request)), requestID: Self.requestID()))
        }
        let resolved = Self.resolve(request, in: service, scope: scope)
        let requestID = Self.requestID()
        switch resolved {
        case .failure(let error):
            return .now(Self.http(Self.render(error, protocol: service.wireProtocol), requestID: requestID))
        case .success(let (operation, call)):
            let wire = service.wireProtocol
            let fault = faults?(call) ?? .none
            let delay = fault.delayMilliseconds
            if let error = fault.error {
                let response = Self.http(Self.render(error, protocol: wire), requestID: requestID)
                guard delay > 0 else { return .now(response) }
                return .later {
                    try? await Task.sleep(for: .milliseconds(delay))
                    return response
                }
            }
            return .later {
                if delay > 0 { try? await Task.sleep(for: .milliseconds(delay)) }
                do throws(AWSError) {
                    return Self.http(try await operation.handler(call), requestID: requestID)
                } catch {
                    return Self.http(Self.render(error, protocol: wire), requestID: requestID)
                }
            }
        }
    }

    /// Finds the operation and decodes the call.
    static func resolve(_ request: HTTPRequest, in service: AWSService, scope: CredentialScope)
        -> Result<(AWSOperation, AWSRequest), AWSError>
    {
        let query = FormEncoding.pairs(request.query)
        var call = AWSRequest(
            region: scope.region, service: scope.service, operation: "", method: request.method, path: request.path,
            query: query, headers: request.headers.fields, body: request.body)
        switch service.wireProtocol {
        case .restJSON:
            for operation in service.operations {
                guard let route = operation.route, route.method == request.method,
                    let labels = URITemplate.match(route.segments, path: request.path)
                else { continue }
                call.operation = operation.name
                call.labels = labels
                return .success((operation, call))
            }
            let named = service.unimplemented.first {
                $0.method == request.method && URITemplate.match($0.segments, path: request.path) != nil
            }
            return .failure(
                .unknownOperation(service: service.signingName, operation: named?.name ?? "\(request.method) \(request.path)"))
        case .json(let prefix, _):
            let target = request.headers["x-amz-target"] ?? ""
            let name = target.split(separator: ".").last.map(String.init) ?? ""
            guard target.hasPrefix(prefix + "."), let operation = service.operations.first(where: { $0.name == name }) else {
                return .failure(.unknownOperation(service: service.signingName, operation: name.isEmpty ? "(no X-Amz-Target)" : name))
            }
            call.operation = name
            return .success((operation, call))
        case .query:
            let form = request.method == "POST" ? FormEncoding.pairs(String(decoding: request.body, as: UTF8.self)) : query
            let action = form.first { $0.0 == "Action" }?.1 ?? ""
            guard let operation = service.operations.first(where: { $0.name == action }) else {
                var error = AWSError.unknownOperation(service: service.signingName, operation: action.isEmpty ? "(no Action)" : action)
                error.code = "InvalidAction"
                return .failure(error)
            }
            call.operation = action
            call.form = form
            return .success((operation, call))
        }
    }

    /// The protocol an unknown service's request most likely speaks.
    static func guessProtocol(_ request: HTTPRequest) -> AWSProtocol {
        if request.headers["x-amz-target"] != nil { return .json(targetPrefix: "", version: "1.1") }
        let type = request.headers["content-type"] ?? ""
        if type.hasPrefix("application/x-www-form-urlencoded") { return .query(xmlNamespace: "") }
        return .restJSON
    }

    /// An error in the protocol's shape.
    public static func render(_ error: AWSError, protocol wire: AWSProtocol) -> AWSResponse {
        switch wire {
        case .restJSON:
            let body = AWSJSON.object([(error.messageKey, .string(error.message))] + error.fields)
            return AWSResponse(
                status: error.status, headers: [("x-amzn-ErrorType", error.code), ("Content-Type", "application/json")],
                body: body.bytes)
        case .json(_, let version):
            let body = AWSJSON.object([("__type", .string(error.code)), (error.messageKey, .string(error.message))] + error.fields)
            var headers: [(name: String, value: String)] = [("Content-Type", "application/x-amz-json-\(version)")]
            if let query = error.queryCompatibleCode {
                headers.append(("x-amzn-query-error", "\(query);\(error.isSenderFault ? "Sender" : "Receiver")"))
            }
            return AWSResponse(status: error.status, headers: headers, body: body.bytes)
        case .query(let namespace):
            let ns = namespace.isEmpty ? "" : #" xmlns="\#(namespace)""#
            let xml =
                "<ErrorResponse\(ns)><Error><Type>\(error.isSenderFault ? "Sender" : "Receiver")</Type>"
                + "<Code>\(XMLText.escape(error.queryCompatibleCode ?? error.code))</Code><Message>\(XMLText.escape(error.message))</Message></Error>"
                + "<RequestId>\(requestID())</RequestId></ErrorResponse>"
            return AWSResponse(status: error.status, headers: [("Content-Type", "text/xml")], body: Array(xml.utf8))
        }
    }

    static func http(_ response: AWSResponse, requestID: String) -> HTTPResponse {
        var headers = HTTPHeaders(response.headers.map { (name: $0.name, value: $0.value) })
        if headers["x-amzn-requestid"] == nil { headers.add(name: "x-amzn-RequestId", value: requestID) }
        return HTTPResponse(status: response.status, headers: headers, body: response.body)
    }

    static func requestID() -> String { UUID().uuidString.lowercased() }
}

/// What fault injection does to one resolved AWS API call: an error instead of the answer,
/// and a delay before whatever is answered.
public struct AWSFault: Sendable, Equatable {
    /// The error the call answers instead (rendered in the service's protocol); nil: none.
    public var error: AWSError?
    /// Milliseconds to wait before answering.
    public var delayMilliseconds: Int

    /// No fault.
    public static let none = AWSFault(error: nil, delayMilliseconds: 0)

    public init(error: AWSError?, delayMilliseconds: Int) {
        self.error = error
        self.delayMilliseconds = delayMilliseconds
    }
}

/// Asked once per resolved call (its service, region and operation are set).
public typealias AWSFaultFilter = @Sendable (AWSRequest) -> AWSFault

/// XML text escaping for query-protocol answers.
public enum XMLText {
    /// `&`, `<`, `>`, `"` and `'` as entities.
    public static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A query-protocol success answer: `<OpResponse><OpResult>result</OpResult><ResponseMetadata>`.
    public static func queryResponse(operation: String, namespace: String, result: String) -> AWSResponse {
        let xml =
            #"<\#(operation)Response xmlns="\#(namespace)"><\#(operation)Result>\#(result)</\#(operation)Result>"#
            + "<ResponseMetadata><RequestId>\(AWSRouter.requestID())</RequestId></ResponseMetadata></\(operation)Response>"
        return AWSResponse(status: 200, headers: [("Content-Type", "text/xml")], body: Array(xml.utf8))
    }
}
