import Foundation

/// Reads a Lambda function's proxy response (`statusCode`, `headers`, `multiValueHeaders`, `body`,
/// `isBase64Encoded`) the way REST API proxy integrations do.
///
/// Anything else — not JSON, not an object, a missing or non-integer `statusCode`, a `body` that is
/// not a string, header values that are not scalars, or an unexpected top-level field — is a
/// "Malformed Lambda proxy response", which API Gateway answers with 502.
public struct ProxyResponse: Sendable, Equatable {
    public var statusCode: Int
    /// `headers` and `multiValueHeaders` merged: a name present in `multiValueHeaders` takes only
    /// those values (AWS docs); otherwise the single `headers` value. Sorted by name for stable output.
    public var headers: [HeaderField]
    public var body: [UInt8]

    static let allowedFields: Set<String> = ["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"]

    /// Parses `payload`; nil when it is malformed. A base64 body is decoded when `decodeBase64`
    /// (the client accepts a binary media type); otherwise its base64 text is returned as is.
    ///
    /// The common shape is read by `ProxyResponseReader` straight from the bytes; anything it does
    /// not accept goes through Foundation's `JSONSerialization` (`parseWithFoundation`), so both
    /// paths give the same answer.
    public static func parse(_ payload: [UInt8], decodeBase64: Bool) -> ProxyResponse? {
        guard let fields = ProxyResponseReader.read(payload) else {
            // Deeper than any valid response: malformed, whatever else it holds.
            if ProxyResponseReader.nestsTooDeep(payload) { return nil }
            return parseWithFoundation(payload, decodeBase64: decodeBase64)
        }
        guard (100...599).contains(fields.statusCode) else { return nil }
        if fields.multiValueHeaders?.isEmpty ?? true {
            // Only single-value headers, unique names (the reader checked): sort them by lower-cased
            // name, computing each lower-cased name once.
            return body(fields.body, isBase64: fields.isBase64Encoded ?? false, decodeBase64: decodeBase64).map { body in
                let headers = (fields.headers ?? []).map { HeaderField($0.0, $0.1) }
                    .sorted { CaseInsensitive.less($0.name, $1.name) }
                return ProxyResponse(statusCode: fields.statusCode, headers: headers, body: body)
            }
        }
        var single: [String: String] = [:]
        for (name, value) in fields.headers ?? [] { single[name] = value }
        var multi: [String: [String]] = [:]
        for (name, values) in fields.multiValueHeaders ?? [] { multi[name] = values }
        return assemble(
            status: fields.statusCode, single: single, multi: multi, body: fields.body,
            isBase64: fields.isBase64Encoded ?? false, decodeBase64: decodeBase64)
    }

    /// `parse` through Foundation's `JSONSerialization` (the reference behaviour).
    static func parseWithFoundation(_ payload: [UInt8], decodeBase64: Bool) -> ProxyResponse? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload), options: [.fragmentsAllowed]),
            let dict = object as? [String: Any]
        else { return nil }
        guard dict.keys.allSatisfy(allowedFields.contains) else { return nil }
        guard let rawStatus = dict["statusCode"], let status = integer(rawStatus), (100...599).contains(status) else { return nil }

        var single: [String: String] = [:]
        if let raw = dict["headers"], !(raw is NSNull) {
            guard let map = raw as? [String: Any] else { return nil }
            for (name, value) in map {
                guard let text = scalarText(value) else { return nil }
                single[name] = text
            }
        }
        var multi: [String: [String]] = [:]
        if let raw = dict["multiValueHeaders"], !(raw is NSNull) {
            guard let map = raw as? [String: Any] else { return nil }
            for (name, value) in map {
                guard let list = value as? [Any] else { return nil }
                var texts: [String] = []
                for item in list {
                    guard let text = scalarText(item) else { return nil }
                    texts.append(text)
                }
                multi[name] = texts
            }
        }
        var isBase64 = false
        if let raw = dict["isBase64Encoded"], !(raw is NSNull) {
            guard isJSONBool(raw), let flag = raw as? Bool else { return nil }
            isBase64 = flag
        }
        var body: String?
        if let raw = dict["body"], !(raw is NSNull) {
            guard let text = raw as? String else { return nil }
            body = text
        }
        return assemble(status: status, single: single, multi: multi, body: body, isBase64: isBase64, decodeBase64: decodeBase64)
    }

    /// The response from validated fields: the body (base64-decoded when both flags say so) and the
    /// merged headers.
    private static func assemble(
        status: Int, single: [String: String], multi: [String: [String]], body text: String?, isBase64: Bool,
        decodeBase64: Bool
    ) -> ProxyResponse? {
        guard let body = body(text, isBase64: isBase64, decodeBase64: decodeBase64) else { return nil }
        var merged: [HeaderField] = []
        let names = Set(single.keys).union(multi.keys).sorted { $0.lowercased() < $1.lowercased() }
        for name in names {
            if let values = multi[name] {
                merged += values.map { HeaderField(name, $0) }
            } else if let value = single[name] {
                merged.append(HeaderField(name, value))
            }
        }
        return ProxyResponse(statusCode: status, headers: merged, body: body)
    }

    /// The body bytes: the text's UTF-8, or its base64 decoding when both flags say so (nil when
    /// that is not valid base64).
    private static func body(_ text: String?, isBase64: Bool, decodeBase64: Bool) -> [UInt8]? {
        guard let text else { return [] }
        if isBase64 && decodeBase64 {
            guard let data = Data(base64Encoded: text) else { return nil }
            return Array(data)
        }
        return Array(text.utf8)
    }

    /// Foundation on Linux bridges JSON `true`/`false` to `__NSCFBoolean`, and `1` also casts to `Bool`,
    /// so booleans are told apart by their dynamic type.
    static func isJSONBool(_ value: Any) -> Bool { String(describing: type(of: value)).contains("Boolean") }

    /// An integral JSON number (not a boolean) as Int.
    static func integer(_ value: Any) -> Int? {
        guard !isJSONBool(value), let number = value as? NSNumber, !(value is String) else { return nil }
        let double = number.doubleValue
        guard double.rounded() == double, abs(double) < 1e15 else { return nil }
        return Int(double)
    }

    /// A header value: strings as is, numbers and booleans as their JSON text; anything else nil.
    static func scalarText(_ value: Any) -> String? {
        if let s = value as? String { return s }
        if isJSONBool(value), let b = value as? Bool { return b ? "true" : "false" }
        if let n = integer(value) { return String(n) }
        if let n = value as? NSNumber { return "\(n.doubleValue)" }
        return nil
    }
}
