import Chaos
import HTTP
import Lambda
import Observability

extension AdminResponder {
    /// The Invoke API's path prefix on the admin listener.
    public static let invokePrefix = "/_regionstack/lambda/2015-03-31/functions/"
}

/// The admin routes that need the running stack: Lambda's Invoke API, the failover state and
/// the SQL console (metrics, alarms and logs: `AdminObservabilityRoutes`).
struct AdminServicesRoutes {
    let services: StackAssembly

    /// A reply for the routes it owns, nil for the rest.
    func respond(to request: HTTPRequest) -> HTTPReply? {
        if let faults = services.faults, request.path.hasPrefix(LocalStackChaosRoutes.prefix) {
            return LocalStackChaosRoutes(faults: faults).respond(to: request)
        }
        if request.path.hasPrefix(AdminResponder.invokePrefix), request.path.hasSuffix("/invocations") {
            guard request.method == "POST" else { return .now(.json(405, #"{"message":"Method Not Allowed"}"#)) }
            let encoded = request.path.dropFirst(AdminResponder.invokePrefix.count).dropLast("/invocations".count)
            let name = Self.percentDecode(String(encoded))
            let invoker = self.invoker(for: name)
            let region = services.regions.first { $0.invoker === invoker }?.names.region ?? ""
            return LocalStackChaosReply.apply(
                services.faults, FaultCall(service: "lambda", region: region, operations: ["Invoke"]), service: "lambda"
            ) { invoke(request, name: name, invoker: invoker) }
        }
        if request.path == "/_regionstack/failover", let checks = services.healthChecks {
            guard request.method == "GET" else { return .now(.json(405, #"{"message":"Method Not Allowed"}"#)) }
            let names = Dictionary(uniqueKeysWithValues: services.regions.map { ($0.role, $0.names.region) })
            return .now(.json(200, #"{"health_checks":\#(checks.json()),"failover":\#(checks.failoverJSON(regionNames: names))}"#))
        }
        if request.path == AdminSQLRoute.path {
            guard let dsql = services.dsql else {
                return .now(.json(503, #"{"message":"this stack runs without a DSQL cluster (its users database was supplied by the embedding code)"}"#))
            }
            return AdminSQLRoute(cluster: dsql, configuration: services.configuration, registry: services.clusters)
                .respond(to: request)
        }
        return nil
    }

    /// Lambda's Invoke API for one call.
    func invoke(_ request: HTTPRequest, name: String, invoker: LambdaInvoker) -> HTTPReply {
        let body = request.body
        let type = request.headers["x-amz-invocation-type"]
        let trace = request.headers["x-amzn-trace-id"]
        let clientContext = request.headers["x-amz-client-context"]
        let logType = request.headers["x-amz-log-type"]
        return .later {
            let answer = await invoker.invokeAPI(
                functionName: name, payload: body, invocationType: type, traceHeader: trace, clientContext: clientContext,
                logType: logType)
            return Self.http(answer)
        }
    }

    /// An Invoke API answer on the wire: its headers once each (it sets its own `Content-Type`).
    static func http(_ answer: LambdaAPIResponse) -> HTTPResponse {
        var response = HTTPResponse(status: answer.status, body: answer.body)
        for (key, value) in answer.headers.sorted(by: { $0.key < $1.key }) { response.headers.add(name: key, value: value) }
        return response
    }

    /// The invoker holding `name` (a name, `name:qualifier` or an ARN naming the region).
    func invoker(for name: String) -> LambdaInvoker {
        if let target = LambdaIntegration.parse(name), let region = services.regions.first(where: { $0.names.region == target.region }) {
            return region.invoker
        }
        let bare = String(name.split(separator: ":").first ?? "")
        return services.regions.first { $0.invoker.configuration(of: bare) != nil }?.invoker ?? services.regions[0].invoker
    }

    /// `%XX` decoding (and `+` as space, as in query strings).
    static func percentDecode(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let b = iterator.next() {
            if b == UInt8(ascii: "%"), let h = iterator.next(), let l = iterator.next(),
                let v = UInt8(String(decoding: [h, l], as: UTF8.self), radix: 16)
            {
                bytes.append(v)
            } else if b == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
