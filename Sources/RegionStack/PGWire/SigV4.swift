import COpenSSL

/// SHA-256 and HMAC-SHA256 from libcrypto, and SigV4's signing-key derivation.
///
/// It exists for the IAM auth tokens DSQL accepts as passwords: the server recomputes the
/// presigned URL's signature with the stack's local secret.
enum SigV4 {
    static func sha256(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        data.withUnsafeBufferPointer { d in _ = SHA256(d.baseAddress, d.count, &out) }
        return out
    }

    static func hmac(_ key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 32
        key.withUnsafeBufferPointer { k in
            data.withUnsafeBufferPointer { d in
                _ = HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), d.baseAddress, d.count, &out, &length)
            }
        }
        return out
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
    static func signingKey(secret: String, date: String, region: String, service: String) -> [UInt8] {
        var key = hmac(Array(("AWS4" + secret).utf8), Array(date.utf8))
        key = hmac(key, Array(region.utf8))
        key = hmac(key, Array(service.utf8))
        return hmac(key, Array("aws4_request".utf8))
    }

    /// RFC 3986 percent-encoding as SigV4 wants it (unreserved characters kept).
    static func uriEncode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let h = Array("0123456789ABCDEF")
                out += "%" + String(h[Int(b >> 4)]) + String(h[Int(b & 15)])
            }
        }
        return out
    }

    static func uriDecode(_ s: Substring) -> String? {
        var bytes: [UInt8] = []
        var i = s.utf8.startIndex
        let u = s.utf8
        while i < u.endIndex {
            let c = u[i]
            if c == UInt8(ascii: "%") {
                let a = u.index(after: i)
                guard a < u.endIndex, u.index(after: a) < u.endIndex,
                    let v = UInt8(String(decoding: [u[a], u[u.index(after: a)]], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(v)
                i = u.index(a, offsetBy: 2)
            } else {
                bytes.append(c == UInt8(ascii: "+") ? UInt8(ascii: " ") : c)
                i = u.index(after: i)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
