/// The service and region a SigV4-signed request names in its credential scope.
///
/// Every AWS SDK and CLI signs with `Credential=<key>/<date>/<region>/<service>/aws4_request`,
/// in the `Authorization` header or, for presigned URLs, in the `X-Amz-Credential` query
/// parameter. LocalStack's edge port routes by this scope, and so does this one: the signature
/// itself is not checked (any credentials are accepted).
public struct CredentialScope: Sendable, Hashable {
    /// The access key id (unchecked).
    public var accessKeyID: String
    /// The scope's date, `YYYYMMDD`.
    public var date: String
    /// The region, e.g. `us-east-1`.
    public var region: String
    /// The signing name, e.g. `lambda`, `apigateway`, `dsql`.
    public var service: String

    public init(accessKeyID: String, date: String, region: String, service: String) {
        self.accessKeyID = accessKeyID
        self.date = date
        self.region = region
        self.service = service
    }

    /// The scope of a request: from `Authorization: AWS4-HMAC-SHA256 Credential=...`, else from
    /// the query's `X-Amz-Credential`; nil when the request is not SigV4-signed.
    public static func of(authorization: String?, query: String?) -> CredentialScope? {
        if let authorization, let scope = parse(authorization: authorization) { return scope }
        if let query, query.contains("X-Amz-Credential=") {
            for pair in query.split(separator: "&") where pair.hasPrefix("X-Amz-Credential=") {
                let value = FormEncoding.decode(pair.dropFirst("X-Amz-Credential=".count))
                if let scope = parse(credential: Substring(value)) { return scope }
            }
        }
        return nil
    }

    /// Parses an `Authorization` header value; nil unless it is SigV4 with a well-formed scope.
    public static func parse(authorization: String) -> CredentialScope? {
        guard authorization.hasPrefix("AWS4-HMAC-SHA256"), let range = authorization.range(of: "Credential=") else {
            return nil
        }
        let rest = authorization[range.upperBound...]
        let credential = rest.prefix { $0 != "," && $0 != " " }
        return parse(credential: credential)
    }

    /// Parses `<key>/<date>/<region>/<service>/aws4_request`.
    public static func parse(credential: Substring) -> CredentialScope? {
        let parts = credential.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[4] == "aws4_request", !parts[2].isEmpty, !parts[3].isEmpty else { return nil }
        return CredentialScope(
            accessKeyID: String(parts[0]), date: String(parts[1]), region: String(parts[2]), service: String(parts[3]))
    }
}
