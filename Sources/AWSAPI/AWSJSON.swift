import JSONLexing
import Foundation

/// A JSON document as AWS's JSON protocols exchange it: objects keep their member order.
///
/// One value type for both directions of the AWS APIs: requests are parsed into it (with
/// Foundation's parser) and the services' answers are built from it and written by `text`.
public indirect enum AWSJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([AWSJSON])
    case object([(String, AWSJSON)])

    public static func == (lhs: AWSJSON, rhs: AWSJSON) -> Bool { lhs.text == rhs.text }

    /// An object from optional members: nil values are left out, as AWS omits unset members.
    public static func members(_ pairs: [(String, AWSJSON?)]) -> AWSJSON {
        .object(pairs.compactMap { key, value in value.map { (key, $0) } })
    }

    /// A string map as an object, keys sorted.
    public static func map(_ dictionary: [String: String]) -> AWSJSON {
        .object(dictionary.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
    }

    // MARK: reading

    /// Parses JSON bytes; an empty body is an empty object (SDKs send none for bodiless inputs).
    public static func parse(_ bytes: [UInt8]) throws(AWSError) -> AWSJSON {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .object([]) }
        guard let any = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) else {
            throw AWSError.serialization("the request body is not valid JSON")
        }
        return from(any)
    }

    static func from(_ any: Any) -> AWSJSON {
        switch any {
        case is NSNull: return .null
        case let s as String: return .string(s)
        case let n as NSNumber:
            if String(cString: n.objCType) == "c" { return .bool(n.boolValue) }
            if let i = Int64(exactly: n.doubleValue), !"\(n)".contains(".") && !"\(n)".contains("e") { return .int(i) }
            return .double(n.doubleValue)
        case let a as [Any]: return .array(a.map(from))
        case let o as [String: Any]: return .object(o.sorted { $0.key < $1.key }.map { ($0.key, from($0.value)) })
        default: return .null
        }
    }

    /// The member `key` of an object (nil for other values or a missing member).
    public subscript(key: String) -> AWSJSON? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var array: [AWSJSON]? { if case .array(let a) = self { a } else { nil } }
    public var int: Int64? {
        switch self {
        case .int(let i): i
        case .double(let d): Int64(exactly: d)
        default: nil
        }
    }
    public var double: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }
    /// An object's members as a string map (nil unless every value is a string).
    public var stringMap: [String: String]? {
        guard case .object(let pairs) = self else { return nil }
        var out: [String: String] = [:]
        for (k, v) in pairs {
            guard let s = v.string else { return nil }
            out[k] = s
        }
        return out
    }

    // MARK: writing

    /// The compact JSON text.
    public var text: String {
        var out = ""
        write(into: &out)
        return out
    }

    /// The JSON text as bytes.
    public var bytes: [UInt8] { Array(text.utf8) }

    func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            if d.isFinite, d == d.rounded(), abs(d) < 1e15 { out += String(Int64(d)) } else { out += "\(d)" }
        case .string(let s): Self.quote(s, into: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out += "," }
                Self.quote(key, into: &out)
                out += ":"
                value.write(into: &out)
            }
            out += "}"
        }
    }

    static func quote(_ s: String, into out: inout String) { out += JSONEscape.quote(s) }
}
