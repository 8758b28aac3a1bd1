/// PostgreSQL's binary `numeric`: base-10000 digits with a weight, a sign and a display scale.
///
/// Layout: int16 ndigits, int16 weight (of the first digit, in base-10000 places), uint16 sign
/// (0 positive, 0x4000 negative, 0xC000 NaN), int16 dscale, then ndigits int16 digits.
enum PGNumeric {
    static func encode(_ text: String) throws(PGError) -> [UInt8] {
        var w = PGMessageWriter()
        if text == "NaN" {
            w.int16(0); w.int16(0); w.int16(Int16(bitPattern: 0xC000)); w.int16(0)
            return w.bytes
        }
        var s = Substring(text)
        var negative = false
        if s.hasPrefix("-") { negative = true; s = s.dropFirst() } else if s.hasPrefix("+") { s = s.dropFirst() }
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let intPart = String(parts[0])
        let fracPart = parts.count > 1 ? String(parts[1]) : ""
        guard !(intPart.isEmpty && fracPart.isEmpty),
            (intPart + fracPart).utf8.allSatisfy({ $0 >= 48 && $0 <= 57 })
        else { throw PGBinaryCodec.invalid("numeric", text) }
        let dscale = fracPart.count
        // Pad the integer part on the left and the fraction on the right to multiples of 4.
        let intDigits = String(repeating: "0", count: (4 - intPart.count % 4) % 4) + intPart
        let fracDigits = fracPart + String(repeating: "0", count: (4 - fracPart.count % 4) % 4)
        var groups: [Int16] = []
        for chunk in chunks(intDigits) + chunks(fracDigits) { groups.append(Int16(chunk)!) }
        var weight = intDigits.count / 4 - 1
        // Strip leading and trailing zero groups.
        while let first = groups.first, first == 0, !groups.isEmpty {
            groups.removeFirst()
            weight -= 1
        }
        while let last = groups.last, last == 0 { groups.removeLast() }
        if groups.isEmpty { weight = 0 }
        w.int16(Int16(groups.count))
        w.int16(Int16(truncatingIfNeeded: weight))
        w.int16(negative && !groups.isEmpty ? 0x4000 : 0)
        w.int16(Int16(truncatingIfNeeded: dscale))
        for g in groups { w.int16(g) }
        return w.bytes
    }

    static func chunks(_ s: String) -> [Substring] {
        var out: [Substring] = []
        var i = s.startIndex
        while i < s.endIndex {
            let j = s.index(i, offsetBy: 4)
            out.append(s[i..<j])
            i = j
        }
        return out
    }

    static func decode(_ b: [UInt8]) throws(PGError) -> String {
        var c = PGByteCursor(b[...])
        do throws(PGError) {
            let n = Int(try c.int16())
            let weight = Int(try c.int16())
            let sign = UInt16(bitPattern: try c.int16())
            let dscale = Int(try c.int16())
            if sign == 0xC000 { return "NaN" }
            guard n >= 0, dscale >= 0, dscale <= 16_383, abs(weight) <= 8192, sign == 0 || sign == 0x4000 else {
                throw PGError(sqlstate: "22P03", message: "invalid sign in external \"numeric\" value")
            }
            var digits: [Int] = []
            for _ in 0..<n {
                let d = Int(try c.int16())
                guard (0..<10_000).contains(d) else { throw PGError(sqlstate: "22P03", message: "invalid digit in external \"numeric\" value") }
                digits.append(d)
            }
            try c.finish()
            var intText = ""
            if weight >= 0 {
                for i in 0...weight {
                    let d = i < digits.count ? digits[i] : 0
                    intText += i == 0 ? String(d) : PGCivilTime.pad(d, 4)
                }
            } else {
                intText = "0"
            }
            var fracText = ""
            if dscale > 0 {
                var i = weight + 1
                while fracText.count < dscale {
                    let d = i >= 0 && i < digits.count ? digits[i] : 0
                    fracText += PGCivilTime.pad(d, 4)
                    i += 1
                }
                fracText = String(fracText.prefix(dscale))
            }
            let body = fracText.isEmpty ? intText : intText + "." + fracText
            return sign == 0x4000 ? "-" + body : body
        } catch {
            throw error.sqlstate == "08P01" ? PGBinaryCodec.insufficient : error
        }
    }
}
