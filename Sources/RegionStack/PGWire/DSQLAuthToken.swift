import Foundation

/// An Aurora DSQL IAM auth token (a SigV4 presigned `GET https://<host>/?Action=...` without
/// its scheme) and its server-side verification.
///
/// It exists because DSQL has no passwords: the client's password is this token, made by
/// botocore's `generate_db_connect_admin_auth_token` or `generate_db_connect_auth_token`. A
/// token is valid when its signature matches the stack's credentials for its host, region,
/// service `dsql` and date, its action fits the role, and it has not expired.
struct DSQLAuthToken: Sendable, Hashable {
    var host: String
    var action: String
    var accessKey: String
    var date: String
    var region: String
    var service: String
    var amzDate: String
    var expires: Int
    var signedHeaders: String
    var signature: String
    var securityToken: String?
    /// Every query parameter but the signature, decoded.
    var query: [(String, String)]

    static func == (a: DSQLAuthToken, b: DSQLAuthToken) -> Bool { a.signature == b.signature && a.host == b.host }
    func hash(into h: inout Hasher) { h.combine(signature) }

    /// Why a token was refused (for the log; the client only sees DSQL's one text).
    enum Refusal: Error, Equatable {
        case malformed(String)
        case wrongHost(String)
        case wrongAction(String)
        case unknownAccessKey(String)
        case badSignature
        case expired
        case notYetValid
    }

    static func parse(_ token: String) throws(Refusal) -> DSQLAuthToken {
        var text = Substring(token)
        if text.hasPrefix("https://") { text = text.dropFirst(8) }
        guard let q = text.firstIndex(of: "?") else { throw .malformed("no query") }
        var host = text[..<q]
        if host.hasSuffix("/") { host = host.dropLast() } else { throw .malformed("no path") }
        var query: [(String, String)] = []
        var values: [String: String] = [:]
        for pair in text[text.index(after: q)...].split(separator: "&", omittingEmptySubsequences: false) {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let k = SigV4.uriDecode(kv[0]), let v = SigV4.uriDecode(kv.count > 1 ? kv[1] : "") else {
                throw .malformed("bad escape")
            }
            if values[k] != nil { throw .malformed("duplicate \(k)") }
            values[k] = v
            if k != "X-Amz-Signature" { query.append((k, v)) }
        }
        guard values["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256" else { throw .malformed("algorithm") }
        guard let credential = values["X-Amz-Credential"], let amzDate = values["X-Amz-Date"],
            let expiresText = values["X-Amz-Expires"], let expires = Int(expiresText),
            let signed = values["X-Amz-SignedHeaders"], let signature = values["X-Amz-Signature"],
            let action = values["Action"]
        else { throw .malformed("missing parameter") }
        let scope = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard scope.count == 5, scope[4] == "aws4_request", amzDate.count == 16, amzDate.hasPrefix(scope[1]) else {
            throw .malformed("credential scope")
        }
        return DSQLAuthToken(
            host: String(host).lowercased(), action: action, accessKey: scope[0], date: scope[1], region: scope[2],
            service: scope[3], amzDate: amzDate, expires: expires, signedHeaders: signed, signature: signature.lowercased(),
            securityToken: values["X-Amz-Security-Token"], query: query)
    }

    /// The signature SigV4 gives this request with `secret`.
    func expectedSignature(secret: String) -> String {
        var pairs: [(String, String)] = []
        for (k, v) in query { pairs.append((SigV4.uriEncode(k), SigV4.uriEncode(v))) }
        pairs.sort { (a: (String, String), b: (String, String)) -> Bool in a.0 == b.0 ? a.1 < b.1 : a.0 < b.0 }
        var parts: [String] = []
        for (k, v) in pairs { parts.append(k + "=" + v) }
        let canonicalQuery = parts.joined(separator: "&")
        let emptyHash = SigV4.hex(SigV4.sha256([]))
        let canonical = ["GET", "/", canonicalQuery, "host:" + host, "", "host", emptyHash].joined(separator: "\n")
        let scope = "\(date)/\(region)/\(service)/aws4_request"
        let toSign = ["AWS4-HMAC-SHA256", amzDate, scope, SigV4.hex(SigV4.sha256(Array(canonical.utf8)))].joined(separator: "\n")
        let key = SigV4.signingKey(secret: secret, date: date, region: region, service: service)
        return SigV4.hex(SigV4.hmac(key, Array(toSign.utf8)))
    }

    /// Seconds since the epoch of `X-Amz-Date` (`yyyymmddTHHMMSSZ`).
    var signedAt: Int? {
        let u = Array(amzDate.utf8)
        guard u.count == 16, u[8] == UInt8(ascii: "T"), u[15] == UInt8(ascii: "Z") else { return nil }
        func n(_ r: Range<Int>) -> Int? { Int(String(decoding: u[r], as: UTF8.self)) }
        guard let y = n(0..<4), let mo = n(4..<6), let d = n(6..<8), let h = n(9..<11), let mi = n(11..<13), let s = n(13..<15)
        else { return nil }
        let yy: Int = mo <= 2 ? y - 1 : y
        let era: Int = (yy >= 0 ? yy : yy - 399) / 400
        let yoe: Int = yy - era * 400
        let doy: Int = (153 * ((mo + 9) % 12) + 2) / 5 + d - 1
        let doe: Int = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days: Int = era * 146_097 + doe - 719_468
        return days * 86_400 + h * 3600 + mi * 60 + s
    }

    /// Checks everything DSQL checks; `credentials` maps access key ids to secrets.
    func verify(host expectedHost: String, region expectedRegion: String, user: String,
                credentials: [String: String], now: Int) throws(Refusal) {
        guard host == expectedHost.lowercased() else { throw .wrongHost(host) }
        let wanted = user == "admin" ? "DbConnectAdmin" : "DbConnect"
        guard action == wanted, service == "dsql", region == expectedRegion, signedHeaders == "host" else {
            throw .wrongAction("\(action) \(service) \(region)")
        }
        guard let secret = credentials[accessKey] else { throw .unknownAccessKey(accessKey) }
        guard expectedSignature(secret: secret) == signature else { throw .badSignature }
        guard let at = signedAt, expires >= 1, expires <= 604_800 else { throw .malformed("expiry") }
        if now > at + expires { throw .expired }
        if at > now + 300 { throw .notYetValid }
    }
}
