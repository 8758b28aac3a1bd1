import Foundation

/// Makes Aurora DSQL IAM auth tokens exactly as botocore's `generate_db_connect_auth_token` and
/// `generate_db_connect_admin_auth_token` do (a SigV4 presigned URL without its scheme).
///
/// It exists for `regionstack token` (AWS CLI v1 has no `generate-db-connect-admin-auth-token`)
/// and for tests that connect without boto3.
public enum DSQLTokenGenerator {
    /// A token for `hostname` in `region`; `admin` picks `DbConnectAdmin`, else `DbConnect`.
    public static func token(hostname: String, region: String, admin: Bool, accessKeyID: String = "test",
                             secretAccessKey: String = "test", expiresIn: Int = 900, sessionToken: String? = nil,
                             now: Date = Date()) -> String {
        let amzDate = amzTimestamp(now)
        let date = String(amzDate.prefix(8))
        var query: [(String, String)] = [
            ("Action", admin ? "DbConnectAdmin" : "DbConnect"),
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "\(accessKeyID)/\(date)/\(region)/dsql/aws4_request"),
            ("X-Amz-Date", amzDate),
            ("X-Amz-Expires", String(expiresIn)),
        ]
        if let sessionToken { query.append(("X-Amz-Security-Token", sessionToken)) }
        query.append(("X-Amz-SignedHeaders", "host"))
        let token = DSQLAuthToken(
            host: hostname.lowercased(), action: query[0].1, accessKey: accessKeyID, date: date, region: region,
            service: "dsql", amzDate: amzDate, expires: expiresIn, signedHeaders: "host", signature: "",
            securityToken: sessionToken, query: query)
        let signature = token.expectedSignature(secret: secretAccessKey)
        let encoded = query.map { SigV4.uriEncode($0.0) + "=" + SigV4.uriEncode($0.1) }.joined(separator: "&")
        return "\(hostname)/?\(encoded)&X-Amz-Signature=\(signature)"
    }

    static func amzTimestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}
