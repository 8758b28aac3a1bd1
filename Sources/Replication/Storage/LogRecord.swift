/// One record of the on-disk log file, and its binary codec.
///
/// Frame: `length: u32 LE` (of type + body), `crc32c: u32 LE` (of type + body), `type: u8`, body.
/// Hard state, entries, truncations and compaction points share one append-only file, so a
/// batch of them costs one write and one fsync (group commit).
public enum LogRecord: Equatable, Sendable {
    case hardState(HardState)
    case entry(LogEntry)
    case truncate(from: UInt64)
    case compact(through: UInt64)
    case reset(snapshotIndex: UInt64, term: UInt64)

    static let headerSize = 8

    /// Appends the framed record to `out`.
    public func encode(into out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: [0, 0, 0, 0, 0, 0, 0, 0])
        switch self {
        case .hardState(let hs):
            out.append(1)
            put64(hs.term, &out)
            out.append(UInt8(truncatingIfNeeded: (hs.votedFor?.rawValue ?? 255)))
            put64(hs.commitIndex, &out)
        case .entry(let e):
            out.append(2)
            put64(e.term, &out)
            put64(e.index, &out)
            out.append(e.kind.rawValue)
            out.append(UInt8(e.origin.rawValue))
            put64(e.transactionID, &out)
            put64(e.snapshotIndex, &out)
            put32(UInt32(e.payload.count), &out)
            out.append(contentsOf: e.payload)
            put32(UInt32(e.writeKeys.count), &out)
            for k in e.writeKeys {
                let u = Array(k.utf8)
                put32(UInt32(u.count), &out)
                out.append(contentsOf: u)
            }
        case .truncate(let from):
            out.append(3)
            put64(from, &out)
        case .compact(let through):
            out.append(4)
            put64(through, &out)
        case .reset(let index, let term):
            out.append(5)
            put64(index, &out)
            put64(term, &out)
        }
        let length = UInt32(out.count - start - Self.headerSize)
        let crc = CRC32C.checksum(out[(start + Self.headerSize)...])
        for i in 0..<4 {
            out[start + i] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(i)))
            out[start + 4 + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i)))
        }
    }

    /// Decodes the body (type byte first) of a record whose checksum already matched.
    static func decode(_ body: ArraySlice<UInt8>) -> LogRecord? {
        var r = Reader(bytes: body)
        guard let type = r.u8() else { return nil }
        switch type {
        case 1:
            guard let term = r.u64(), let v = r.u8(), let commit = r.u64() else { return nil }
            return .hardState(HardState(term: term, votedFor: NodeID(rawValue: Int(v)), commitIndex: commit))
        case 2:
            guard let term = r.u64(), let index = r.u64(), let k = r.u8(), let kind = EntryKind(rawValue: k),
                let o = r.u8(), let origin = NodeID(rawValue: Int(o)), let txid = r.u64(), let snap = r.u64(),
                let plen = r.u32(), let payload = r.bytes(Int(plen)), let nkeys = r.u32()
            else { return nil }
            var keys: [String] = []
            for _ in 0..<nkeys {
                guard let len = r.u32(), let b = r.bytes(Int(len)) else { return nil }
                keys.append(String(decoding: b, as: UTF8.self))
            }
            return .entry(LogEntry(
                term: term, index: index, kind: kind, payload: Array(payload), writeKeys: keys, origin: origin,
                transactionID: txid, snapshotIndex: snap))
        case 3:
            return r.u64().map { .truncate(from: $0) }
        case 4:
            return r.u64().map { .compact(through: $0) }
        case 5:
            guard let index = r.u64(), let term = r.u64() else { return nil }
            return .reset(snapshotIndex: index, term: term)
        default:
            return nil
        }
    }

    /// The records that carry out one write effect (nothing for other effects).
    public static func records(for effect: RaftEffect) -> [LogRecord] {
        switch effect {
        case .persistHardState(let hs): return [.hardState(hs)]
        case .persistEntries(let from, let entries):
            return (from.map { [LogRecord.truncate(from: $0)] } ?? []) + entries.map { .entry($0) }
        case .compact(let through): return [.compact(through: through)]
        case .resetLog(let index, let term): return [.reset(snapshotIndex: index, term: term)]
        default: return []
        }
    }
}

func put64(_ v: UInt64, _ out: inout [UInt8]) {
    for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
}

func put32(_ v: UInt32, _ out: inout [UInt8]) {
    for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) }
}

/// A bounds-checked little-endian reader.
struct Reader {
    let bytes: ArraySlice<UInt8>
    var pos: Int

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        pos = bytes.startIndex
    }

    mutating func u8() -> UInt8? {
        guard pos < bytes.endIndex else { return nil }
        defer { pos += 1 }
        return bytes[pos]
    }

    mutating func u32() -> UInt32? {
        guard pos + 4 <= bytes.endIndex else { return nil }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[pos + i]) << (8 * UInt32(i)) }
        pos += 4
        return v
    }

    mutating func u64() -> UInt64? {
        guard pos + 8 <= bytes.endIndex else { return nil }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[pos + i]) << (8 * UInt64(i)) }
        pos += 8
        return v
    }

    mutating func bytes(_ n: Int) -> ArraySlice<UInt8>? {
        guard n >= 0, pos + n <= bytes.endIndex else { return nil }
        defer { pos += n }
        return bytes[pos..<(pos + n)]
    }
}
