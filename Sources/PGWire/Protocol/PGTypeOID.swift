/// PostgreSQL's built-in type OIDs (`pg_type.oid`) and their fixed sizes.
///
/// Clients pick decoders by these numbers, so RowDescription and ParameterDescription must use
/// exactly PostgreSQL's values.
public enum PGTypeOID {
    public static let bool: Int32 = 16
    public static let bytea: Int32 = 17
    public static let char: Int32 = 18
    public static let name: Int32 = 19
    public static let int8: Int32 = 20
    public static let int2: Int32 = 21
    public static let int4: Int32 = 23
    public static let text: Int32 = 25
    public static let oid: Int32 = 26
    public static let json: Int32 = 114
    public static let float4: Int32 = 700
    public static let float8: Int32 = 701
    public static let unknown: Int32 = 705
    public static let bpchar: Int32 = 1042
    public static let varchar: Int32 = 1043
    public static let date: Int32 = 1082
    public static let time: Int32 = 1083
    public static let timestamp: Int32 = 1114
    public static let timestamptz: Int32 = 1184
    public static let interval: Int32 = 1186
    public static let numeric: Int32 = 1700
    public static let uuid: Int32 = 2950
    public static let jsonb: Int32 = 3802

    /// `pg_type.typlen`: the fixed size, or -1 for variable-length types.
    public static func size(_ oid: Int32) -> Int16 {
        switch oid {
        case bool, char: 1
        case int2: 2
        case int4, float4, date, oid: 4
        case int8, float8, time, timestamp, timestamptz: 8
        case uuid, interval: 16
        case name: 64
        default: -1
        }
    }
}
