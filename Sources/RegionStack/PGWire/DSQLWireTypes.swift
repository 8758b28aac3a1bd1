import DSQL
import DSQLClient
import PGWire

/// How DSQL's values and types appear on the PostgreSQL wire: type OIDs and modifiers for
/// RowDescription, and bound parameters turned into the values a `DSQLSession` takes.
enum DSQLWireTypes {
    static func oid(_ type: PGType) -> Int32 {
        switch type.base {
        case .uuid: PGTypeOID.uuid
        case .text, .unknown: PGTypeOID.text
        case .varchar: PGTypeOID.varchar
        case .char: PGTypeOID.bpchar
        case .smallint: PGTypeOID.int2
        case .integer: PGTypeOID.int4
        case .bigint: PGTypeOID.int8
        case .real: PGTypeOID.float4
        case .double: PGTypeOID.float8
        case .numeric: PGTypeOID.numeric
        case .boolean: PGTypeOID.bool
        case .date: PGTypeOID.date
        case .time: PGTypeOID.time
        case .timestamp: PGTypeOID.timestamp
        case .timestamptz: PGTypeOID.timestamptz
        case .interval: PGTypeOID.interval
        case .bytea: PGTypeOID.bytea
        case .json: PGTypeOID.json
        case .jsonb: PGTypeOID.jsonb
        }
    }

    /// `pg_attribute.atttypmod`: length + 4 for character types, (precision << 16 | scale) + 4 for numeric.
    static func modifier(_ type: PGType) -> Int32 {
        switch type.base {
        case .varchar, .char: type.length.map { Int32($0 + 4) } ?? -1
        case .numeric: type.length.map { Int32(($0 << 16) | (type.scale ?? 0)) + 4 } ?? -1
        default: -1
        }
    }

    static func column(_ name: String, _ type: PGType) -> PGColumn {
        PGColumn(name: name, typeOID: oid(type), typeModifier: modifier(type))
    }

    /// A bound parameter as the session's value: integers, floats and bytea typed, the rest as
    /// text that the dialect coerces to the column's type.
    static func value(_ p: PGParameter) -> SQLValue {
        guard let text = p.text else { return .null }
        switch p.typeOID {
        case PGTypeOID.int2, PGTypeOID.int4, PGTypeOID.int8:
            if let i = Int64(text) { return .integer(i) }
        case PGTypeOID.float4, PGTypeOID.float8:
            if let d = Double(text) { return .real(d) }
        case PGTypeOID.bytea:
            if let bytes = try? PGBinaryCodec.encode(text: text, oid: PGTypeOID.bytea) { return .blob(bytes) }
        default:
            break
        }
        return .text(text)
    }

    static func error(_ e: DSQLError) -> PGError {
        PGError(sqlstate: e.sqlstate, message: e.message, detail: e.detail)
    }
}
