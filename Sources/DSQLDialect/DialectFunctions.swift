import CSQLite
import DSQLClient
import Foundation

/// Per-connection values the dialect's SQLite functions read, set by the store.
///
/// `now()` / `CURRENT_TIMESTAMP` is the transaction's start time, the same for every statement of a
/// transaction: the store sets `transactionTimestamp` at BEGIN (and clears it at the end). When it is
/// nil, `now()` reads `clock`.
public final class DialectConnectionState: @unchecked Sendable {
    private let lock = NSLock()
    private var _transactionTimestamp: Int64?
    private var _clock: @Sendable () -> Int64 = DialectConnectionState.wallClock
    private var _random: @Sendable () -> UInt64 = { UInt64.random(in: .min ... .max) }
    private var _allocator: (@Sendable (_ sequence: String, _ start: Int64, _ increment: Int64) -> Int64)?
    private var localSequences: [String: Int64] = [:]
    private var lastValues: [String: Int64] = [:]

    public init() {}

    /// Microseconds since the epoch of the current transaction's start, or nil outside one.
    public var transactionTimestamp: Int64? {
        get { lock.withLock { _transactionTimestamp } }
        set { lock.withLock { _transactionTimestamp = newValue } }
    }

    /// The clock `now()` falls back to, and `clock_timestamp()` reads (injectable for tests).
    public var clock: @Sendable () -> Int64 {
        get { lock.withLock { _clock } }
        set { lock.withLock { _clock = newValue } }
    }

    /// Random source for `gen_random_uuid()` (injectable: a seeded generator in simulations).
    public var random: @Sendable () -> UInt64 {
        get { lock.withLock { _random } }
        set { lock.withLock { _random = newValue } }
    }

    /// Allocates sequence values (`nextval`, identity columns other than a single-column primary key).
    /// Sequences are not transactional, so values come from outside SQLite: the store installs an
    /// allocator shared by the region's connections (for example region-disjoint blocks, as DSQL's
    /// CACHE >= 65536 gives unique but not globally ordered values). When nil, a counter local to
    /// this connection is used, which is only correct for a single connection (tests).
    public var sequenceAllocator: (@Sendable (_ sequence: String, _ start: Int64, _ increment: Int64) -> Int64)? {
        get { lock.withLock { _allocator } }
        set { lock.withLock { _allocator = newValue } }
    }

    func nextValue(_ name: String, start: Int64, increment: Int64) -> Int64 {
        let v: Int64
        if let a = sequenceAllocator {
            v = a(name, start, increment)
        } else {
            v = lock.withLock {
                let n = localSequences[name].map { $0 + increment } ?? start
                localSequences[name] = n
                return n
            }
        }
        lock.withLock { lastValues[name] = v }
        return v
    }

    func currentValue(_ name: String) -> Int64? { lock.withLock { lastValues[name] } }

    /// The system wall clock in microseconds.
    public static let wallClock: @Sendable () -> Int64 = {
        Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// A version-4 UUID string from `random`.
    func randomUUID() -> String {
        let r = random
        let a = r(), b = r()
        // Byte i of the 16 comes from a (0..<8) or b (8..<16), little end first; the version
        // nibble (byte 6) is 4 and the variant bits (byte 8) are 10.
        return String(unsafeUninitializedCapacity: 36) { out in
            let digits: StaticString = "0123456789abcdef"
            var o = 0
            for i in 0..<16 {
                if i == 4 || i == 6 || i == 8 || i == 10 {
                    out[o] = UInt8(ascii: "-")
                    o += 1
                }
                var byte = UInt8(truncatingIfNeeded: (i < 8 ? a : b) >> (8 * UInt64(i % 8)))
                if i == 6 { byte = (byte & 0x0F) | 0x40 }
                if i == 8 { byte = (byte & 0x3F) | 0x80 }
                out[o] = digits.utf8Start[Int(byte >> 4)]
                out[o + 1] = digits.utf8Start[Int(byte & 0x0F)]
                o += 2
            }
            return 36
        }
    }
}

/// Registers, in one place, the SQLite functions that rendered SQL calls.
///
/// Errors raised inside a function reach SQLite's error message as `DSQL:<SQLSTATE>:<message>`;
/// `DialectErrors.map` splits them back into a `DSQLError`.
public enum DialectFunctions {
    /// Prefix of error messages raised by the dialect's SQLite functions.
    public static let errorPrefix = "DSQL:"

    typealias Body = @Sendable (DialectConnectionState, [SQLValue]) throws(DSQLError) -> SQLValue

    final class Box: @unchecked Sendable {
        let state: DialectConnectionState
        let body: Body
        init(state: DialectConnectionState, body: @escaping Body) {
            self.state = state
            self.body = body
        }
    }

    /// Installs every function on `db` and returns the connection state the store sets.
    @discardableResult
    public static func register(on db: OpaquePointer, state: DialectConnectionState = DialectConnectionState())
        -> DialectConnectionState {
        let pure = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS
        let volatile = SQLITE_UTF8 | SQLITE_INNOCUOUS
        func add(_ name: String, _ argc: Int32, _ flags: Int32, _ body: @escaping Body) {
            let box = Unmanaged.passRetained(Box(state: state, body: body)).toOpaque()
            sqlite3_create_function_v2(db, name, argc, flags, box, dispatch, nil, nil, destroy)
        }
        add("rs_coerce", 2, pure) { _, a throws(DSQLError) in try PGCoercion.coerce(a[0], to: try spec(a[1]), explicit: false) }
        add("rs_cast", 2, pure) { _, a throws(DSQLError) in try PGCoercion.coerce(a[0], to: try spec(a[1]), explicit: true) }
        add("rs_pgtext", 2, pure) { _, a throws(DSQLError) in
            PGText.format(a[0], as: try spec(a[1])).map { SQLValue.text($0) } ?? .null
        }
        for (name, ci) in [("rs_like", false), ("rs_ilike", true)] {
            for argc: Int32 in [2, 3] {
                add(name, argc, pure) { _, a throws(DSQLError) in
                    if a.contains(where: \.isNull) { return .null }
                    var esc: Character? = "\\"
                    if a.count == 3 {
                        let e = PGCoercion.text(a[2])
                        guard e.count <= 1 else {
                            throw DSQLError(sqlstate: "22025", message: "invalid escape string")
                        }
                        esc = e.first
                    }
                    return .integer(try PGLike.matches(PGCoercion.text(a[0]), pattern: PGCoercion.text(a[1]),
                                                       escape: esc, caseInsensitive: ci) ? 1 : 0)
                }
            }
        }
        add("rs_lower", 1, pure) { _, a in a[0].isNull ? .null : .text(PGCoercion.text(a[0]).lowercased()) }
        add("rs_upper", 1, pure) { _, a in a[0].isNull ? .null : .text(PGCoercion.text(a[0]).uppercased()) }
        add("rs_nonzero", 1, pure) { _, a throws(DSQLError) in
            switch a[0] {
            case .integer(0): throw DSQLError(sqlstate: "22012", message: "division by zero")
            case .real(let d) where d == 0: throw DSQLError(sqlstate: "22012", message: "division by zero")
            default: return a[0]
            }
        }
        add("rs_limit", 2, pure) { _, a throws(DSQLError) in
            let clause = PGCoercion.text(a[1])
            if a[0].isNull { return .integer(clause == "LIMIT" ? -1 : 0) }
            guard case .integer(let n) = try PGCoercion.coerce(a[0], to: .bigint, explicit: true) else { return .null }
            if n < 0 { throw SQLRenderer.negative(clause) }
            return .integer(n)
        }
        add("rs_ts_add", 4, pure) { _, a throws(DSQLError) in
            if a[0].isNull || a[1].isNull { return .null }
            let t = try spec(a[3])
            let zone = t.base == .timestamptz
            guard case .text(let s) = try PGCoercion.coerce(a[0], to: t, explicit: true),
                  let ts = PGDateTime.parseTimestamp(s, applyZone: zone) else { return .null }
            let iv = try interval(a[1])
            guard case .integer(let sign) = a[2] else { return .null }
            return .text(PGDateTime.format(iv.added(to: ts, sign: sign), zone: zone))
        }
        add("rs_ts_diff", 3, pure) { _, a throws(DSQLError) in
            if a[0].isNull || a[1].isNull { return .null }
            let t = try spec(a[2])
            guard case .text(let x) = try PGCoercion.coerce(a[0], to: t, explicit: true),
                  case .text(let y) = try PGCoercion.coerce(a[1], to: t, explicit: true),
                  let tx = PGDateTime.parseTimestamp(x, applyZone: true), let ty = PGDateTime.parseTimestamp(y, applyZone: true)
            else { return .null }
            return .text(PGInterval.difference(tx, ty).text)
        }
        add("rs_date_add", 2, pure) { _, a throws(DSQLError) in
            if a[0].isNull || a[1].isNull { return .null }
            guard case .text(let d) = try PGCoercion.coerce(a[0], to: PGType(.date), explicit: true),
                  let m = PGDateTime.parseTimestamp(d, applyZone: false) else { return .null }
            let n = try PGCoercion.integer(a[1], .integer)
            return .text(PGDateTime.formatDate(m + n * 86_400_000_000))
        }
        add("rs_date_diff", 2, pure) { _, a throws(DSQLError) in
            if a[0].isNull || a[1].isNull { return .null }
            guard case .text(let x) = try PGCoercion.coerce(a[0], to: PGType(.date), explicit: true),
                  case .text(let y) = try PGCoercion.coerce(a[1], to: PGType(.date), explicit: true),
                  let mx = PGDateTime.parseTimestamp(x, applyZone: false), let my = PGDateTime.parseTimestamp(y, applyZone: false)
            else { return .null }
            return .integer((mx - my) / 86_400_000_000)
        }
        add("rs_interval_add", 3, pure) { _, a throws(DSQLError) in
            if a[0].isNull || a[1].isNull { return .null }
            let x = try interval(a[0]), y = try interval(a[1])
            guard case .integer(let sign) = a[2] else { return .null }
            return .text(PGInterval(months: x.months + sign * y.months, days: x.days + sign * y.days,
                                    micros: x.micros + sign * y.micros).text)
        }
        add("rs_interval_key", 1, pure) { _, a throws(DSQLError) in
            a[0].isNull ? .null : .integer(try interval(a[0]).sortKey)
        }
        add("rs_extract", 3, pure) { _, a throws(DSQLError) in
            if a[0].isNull || a[1].isNull { return .null }
            let t = try spec(a[2])
            let field = PGCoercion.text(a[0])
            guard case .text(let s) = try PGCoercion.coerce(a[1], to: t, explicit: true),
                  let m = PGDateTime.parseTimestamp(s, applyZone: true) else { return .null }
            guard let v = PGDateTime.extract(field, from: m) else {
                throw DSQLError(sqlstate: "0A000", message: "unit \"\(field)\" not supported for type \(t.pgName)")
            }
            return v.rounded() == v && abs(v) < 9e15 ? .integer(Int64(v)) : .real(v)
        }
        add("rs_date_trunc", 3, pure) { _, a throws(DSQLError) in
            if a[0].isNull || a[1].isNull { return .null }
            let t = try spec(a[2])
            let unit = PGCoercion.text(a[0])
            guard case .text(let s) = try PGCoercion.coerce(a[1], to: t, explicit: true),
                  let m = PGDateTime.parseTimestamp(s, applyZone: true) else { return .null }
            guard let r = PGDateTime.truncate(m, to: unit) else {
                throw DSQLError(sqlstate: "0A000", message: "unit \"\(unit)\" not supported for type \(t.pgName)")
            }
            return .text(PGDateTime.format(r, zone: t.base == .timestamptz))
        }
        add("rs_nextval", 3, volatile) { s, a throws(DSQLError) in
            guard case .integer(let start) = a[1], case .integer(let inc) = a[2] else { return .null }
            return .integer(s.nextValue(PGCoercion.text(a[0]), start: start, increment: inc))
        }
        add("rs_currval", 1, volatile) { s, a throws(DSQLError) in
            let name = PGCoercion.text(a[0])
            guard let v = s.currentValue(name) else {
                throw DSQLError(sqlstate: "55000", message: "currval of sequence \"\(name)\" is not yet defined in this session")
            }
            return .integer(v)
        }
        add("rs_now", 0, volatile) { s, _ in .text(PGDateTime.format(s.transactionTimestamp ?? s.clock(), zone: true)) }
        add("rs_clock", 0, volatile) { s, _ in .text(PGDateTime.format(s.clock(), zone: true)) }
        add("rs_gen_random_uuid", 0, volatile) { s, _ in .text(s.randomUUID()) }
        return state
    }

    static func interval(_ v: SQLValue) throws(DSQLError) -> PGInterval {
        let s = PGCoercion.text(v)
        guard let iv = PGInterval.parse(s) else { throw .invalidDateTime("interval", s) }
        return iv
    }

    static func spec(_ v: SQLValue) throws(DSQLError) -> PGType {
        guard case .text(let s) = v, let t = PGType(spec: s) else {
            throw DSQLError(sqlstate: "XX000", message: "internal error: bad type spec \(v)")
        }
        return t
    }

    /// Reads a SQLite value.
    static func value(_ v: OpaquePointer?) -> SQLValue {
        switch sqlite3_value_type(v) {
        case SQLITE_INTEGER: return .integer(sqlite3_value_int64(v))
        case SQLITE_FLOAT: return .real(sqlite3_value_double(v))
        case SQLITE_TEXT:
            let n = Int(sqlite3_value_bytes(v))
            guard let p = sqlite3_value_text(v) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
        case SQLITE_BLOB:
            let n = Int(sqlite3_value_bytes(v))
            guard let p = sqlite3_value_blob(v) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
        default: return .null
        }
    }

    static let dispatch: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = {
        ctx, argc, argv in
        let box = Unmanaged<Box>.fromOpaque(sqlite3_user_data(ctx)!).takeUnretainedValue()
        var args: [SQLValue] = []
        for i in 0..<Int(argc) { args.append(value(argv?[i])) }
        do throws(DSQLError) {
            switch try box.body(box.state, args) {
            case .null: sqlite3_result_null(ctx)
            case .integer(let i): sqlite3_result_int64(ctx, i)
            case .real(let d): sqlite3_result_double(ctx, d)
            case .text(let s): sqlite3_result_text(ctx, s, -1, csqlite_transient())
            case .blob(let b):
                b.withUnsafeBytes { sqlite3_result_blob(ctx, $0.baseAddress, Int32($0.count), csqlite_transient()) }
            }
        } catch {
            var msg = "\(errorPrefix)\(error.sqlstate):\(error.message)"
            if let d = error.detail { msg += "\u{1F}" + d }
            sqlite3_result_error(ctx, msg, -1)
        }
    }

    static let destroy: @convention(c) (UnsafeMutableRawPointer?) -> Void = { p in
        if let p { Unmanaged<Box>.fromOpaque(p).release() }
    }
}
