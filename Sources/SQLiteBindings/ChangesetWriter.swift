import CSQLite
import DSQLClient

/// Encodes changes in the session extension's changeset format.
///
/// Format (sqlite.org/sessionintro and the session source): per table a header `'T'`, a varint
/// column count, one byte per column (0, or the column's 1-based position in the primary key), the table name and a NUL; then
/// per change the operation code (SQLITE_INSERT / SQLITE_UPDATE / SQLITE_DELETE), an "indirect"
/// byte, and records of values. A value is a type byte (0 undefined, 1 integer, 2 real, 3 text,
/// 4 blob, 5 NULL) followed by 8 big-endian bytes for numbers or a varint length and the bytes.
/// UPDATE carries an old record (key and changed columns) and a new record (changed columns).
struct ChangesetWriter {
    enum Change {
        case insert([SQLValue])
        case delete([SQLValue])
        case update(old: [SQLValue], new: [SQLValue], isKey: [Bool])
    }

    private(set) var bytes: [UInt8] = []

    /// A table header; `keyOrdinals[i]` is 0 for a non-key column, else its position in the key.
    mutating func table(_ name: String, keyOrdinals: [UInt8]) {
        bytes.append(UInt8(ascii: "T"))
        varint(UInt64(keyOrdinals.count))
        bytes.append(contentsOf: keyOrdinals)
        bytes.append(contentsOf: name.utf8)
        bytes.append(0)
    }

    mutating func change(_ change: Change) {
        switch change {
        case .insert(let row):
            bytes.append(UInt8(SQLITE_INSERT))
            bytes.append(0)
            for value in row { self.value(value) }
        case .delete(let row):
            bytes.append(UInt8(SQLITE_DELETE))
            bytes.append(0)
            for value in row { self.value(value) }
        case .update(let old, let new, let isKey):
            bytes.append(UInt8(SQLITE_UPDATE))
            bytes.append(0)
            for i in old.indices {
                if isKey[i] || old[i] != new[i] { value(old[i]) } else { bytes.append(0) }
            }
            for i in new.indices {
                if !isKey[i] && old[i] != new[i] { value(new[i]) } else { bytes.append(0) }
            }
        }
    }

    private mutating func value(_ value: SQLValue) {
        switch value {
        case .null: bytes.append(5)
        case .integer(let v):
            bytes.append(1)
            bigEndian(UInt64(bitPattern: v))
        case .real(let v):
            bytes.append(2)
            bigEndian(v.bitPattern)
        case .text(let s):
            bytes.append(3)
            varint(UInt64(s.utf8.count))
            bytes.append(contentsOf: s.utf8)
        case .blob(let b):
            bytes.append(4)
            varint(UInt64(b.count))
            bytes.append(contentsOf: b)
        }
    }

    private mutating func bigEndian(_ v: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(shift))) }
    }

    /// SQLite's record varint: 7 bits per byte, most significant first, high bit = more.
    private mutating func varint(_ v: UInt64) {
        precondition(v < 1 << 56, "length too large for a changeset")
        var groups: [UInt8] = [UInt8(v & 0x7f)]
        var rest = v >> 7
        while rest > 0 {
            groups.append(UInt8(rest & 0x7f) | 0x80)
            rest >>= 7
        }
        bytes.append(contentsOf: groups.reversed())
    }
}
