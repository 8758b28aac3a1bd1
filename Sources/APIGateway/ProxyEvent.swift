import Foundation

/// Builds the REST API (v1) Lambda proxy event, field for field as API Gateway sends it.
///
/// `headers` holds the last value of each name and `multiValueHeaders` every value; query strings are
/// percent-decoded into `queryStringParameters` (last value) and `multiValueQueryStringParameters`;
/// maps with nothing in them are `null`. The body is text unless the request's Content-Type matches
/// one of the API's `binaryMediaTypes`, in which case it is base64 with `isBase64Encoded: true`.
/// API Gateway replaces `Host` with the execute-api domain and adds `X-Amzn-Trace-Id`,
/// `X-Forwarded-For` (client IP appended), `X-Forwarded-Port: 443` and `X-Forwarded-Proto: https`.
public enum ProxyEvent {
    /// Header names API Gateway sets itself; a client's own values are replaced (or, for
    /// X-Forwarded-For, extended).
    static let gatewayHeaders: [String] = ["host", "x-amzn-trace-id", "x-forwarded-for", "x-forwarded-port", "x-forwarded-proto"]

    /// The headers the Lambda function receives, in order: the client's (minus those API Gateway
    /// sets), then `Host`, `X-Amzn-Trace-Id`, `X-Forwarded-For`, `X-Forwarded-Port`, `X-Forwarded-Proto`.
    ///
    /// One pass, comparing names in place (`CaseInsensitive.equals` decides as `lowercased()`
    /// would) instead of lower-casing each name into a set lookup.
    public static func forwardedHeaders(client: [HeaderField], context: RequestContext) -> [HeaderField] {
        var out: [HeaderField] = []
        out.reserveCapacity(client.count + 5)
        var forwardedFor = ""
        for field in client {
            guard gatewayHeaders.contains(where: { CaseInsensitive.equals(field.name, $0) }) else {
                out.append(field)
                continue
            }
            if CaseInsensitive.equals(field.name, "x-forwarded-for") {
                forwardedFor += field.value
                forwardedFor += ", "
            }
        }
        forwardedFor += context.sourceIP
        out.append(HeaderField("Host", context.domainName))
        out.append(HeaderField("X-Amzn-Trace-Id", context.traceID))
        out.append(HeaderField("X-Forwarded-For", forwardedFor))
        out.append(HeaderField("X-Forwarded-Port", "443"))
        out.append(HeaderField("X-Forwarded-Proto", "https"))
        return out
    }

    /// True when `contentType` (parameters ignored) matches one of `binaryMediaTypes`
    /// (`*/*`, `type/*` or an exact type, case-insensitive). A missing Content-Type matches only `*/*`.
    public static func isBinary(contentType: String?, binaryMediaTypes: [String]) -> Bool {
        let mediaType = contentType.map { String($0.split(separator: ";", maxSplits: 1).first ?? "") }?
            .trimmingCharacters(in: .whitespaces).lowercased()
        for pattern in binaryMediaTypes.map({ $0.lowercased() }) {
            if pattern == "*/*" { return true }
            guard let mediaType, !mediaType.isEmpty else { continue }
            if pattern == mediaType { return true }
            if pattern.hasSuffix("/*"), mediaType.hasPrefix(String(pattern.dropLast(1))) { return true }
        }
        return false
    }

    /// The event JSON for a matched AWS_PROXY method.
    static func build(
        request: GatewayRequest, context: RequestContext, resourcePath: String, pathWithinStage: String,
        pathParameters: [(String, String)], stageVariables: [String: String], binaryMediaTypes: [String]
    ) -> JSONValue {
        let headers = forwardedHeaders(client: request.headers, context: context)
        let (single, multi) = group(headers.map { ($0.name, $0.value) }, caseInsensitive: true)
        let (singleQuery, multiQuery) = group(QueryString.parse(request.rawQuery), caseInsensitive: false)
        let pathParams: JSONValue =
            pathParameters.isEmpty ? .null : .object(pathParameters.map { ($0.0, .string($0.1)) })
        let stageVars: JSONValue =
            stageVariables.isEmpty ? .null : .object(stageVariables.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })

        let body: JSONValue
        let base64: Bool
        if request.body.isEmpty {
            body = .null
            base64 = false
        } else if isBinary(contentType: request.headers.lastValue("Content-Type"), binaryMediaTypes: binaryMediaTypes) {
            body = .string(Data(request.body).base64EncodedString())
            base64 = true
        } else {
            body = .string(String(decoding: request.body, as: UTF8.self))
            base64 = false
        }

        return .object([
            ("resource", .string(resourcePath)),
            ("path", .string(pathWithinStage)),
            ("httpMethod", .string(context.httpMethod)),
            ("headers", single),
            ("multiValueHeaders", multi),
            ("queryStringParameters", singleQuery),
            ("multiValueQueryStringParameters", multiQuery),
            ("pathParameters", pathParams),
            ("stageVariables", stageVars),
            ("requestContext", requestContext(context)),
            ("body", body),
            ("isBase64Encoded", .bool(base64)),
        ])
    }

    /// `requestContext`, with `identity` holding nulls where AWS sends null for an unauthenticated call.
    static func requestContext(_ c: RequestContext) -> JSONValue {
        var identity: [(String, JSONValue)] = [
            ("cognitoIdentityPoolId", .null),
            ("accountId", .null),
            ("cognitoIdentityId", .null),
            ("caller", .null),
        ]
        if let key = c.apiKey {
            identity.append(("apiKey", .string(key.value)))
            identity.append(("apiKeyId", .string(key.id)))
        }
        identity += [
            ("sourceIp", .string(c.sourceIP)),
            ("principalOrgId", .null),
            ("accessKey", .null),
            ("cognitoAuthenticationType", .null),
            ("cognitoAuthenticationProvider", .null),
            ("userArn", .null),
            ("userAgent", .stringOrNull(c.userAgent)),
            ("user", .null),
        ]
        let domainPrefix = c.domainName.split(separator: ".", maxSplits: 1).first.map(String.init) ?? c.apiID
        return .object([
            ("resourceId", .stringOrNull(c.resourceID)),
            ("resourcePath", .stringOrNull(c.resourcePath)),
            ("httpMethod", .string(c.httpMethod)),
            ("extendedRequestId", .string(c.extendedRequestID)),
            ("requestTime", .string(UTCTime(epochMillis: c.epochMillis).commonLogFormat)),
            ("path", .string(c.path)),
            ("accountId", .string(c.accountID)),
            ("protocol", .string(c.protocolVersion)),
            ("stage", .string(c.stage)),
            ("domainPrefix", .string(domainPrefix)),
            ("requestTimeEpoch", .int(c.epochMillis)),
            ("requestId", .string(c.requestID)),
            ("identity", .object(identity)),
            ("domainName", .string(c.domainName)),
            ("deploymentId", .string(c.deploymentID)),
            ("apiId", .string(c.apiID)),
        ])
    }

    /// Groups pairs by name: the last value per name, and all values per name; `null` when empty.
    /// With `caseInsensitive`, names that differ only in case are one entry spelled as first seen.
    static func group(_ pairs: [(String, String)], caseInsensitive: Bool) -> (JSONValue, JSONValue) {
        guard !pairs.isEmpty else { return (.null, .null) }
        var order: [String] = []
        var spelling: [String: String] = [:]
        var values: [String: [String]] = [:]
        for (name, value) in pairs {
            let key = caseInsensitive ? name.lowercased() : name
            if values[key] == nil {
                order.append(key)
                spelling[key] = name
            }
            values[key, default: []].append(value)
        }
        let single = JSONValue.object(order.map { (spelling[$0]!, .string(values[$0]!.last!)) })
        let multi = JSONValue.object(order.map { (spelling[$0]!, .array(values[$0]!.map(JSONValue.string))) })
        return (single, multi)
    }
}
