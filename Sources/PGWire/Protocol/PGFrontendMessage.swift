/// One message a PostgreSQL client sends, decoded.
///
/// Startup-phase packets (no type byte) and typed messages share one enum so the connection
/// machine handles both in one switch. `invalid` carries a malformed message's error when the
/// framing itself is intact (the connection may go on).
public enum PGFrontendMessage: Sendable, Hashable {
    /// Protocol 3.0 startup: `user`, `database`, `options`, `application_name`, ...
    case startup(protocolVersion: Int32, parameters: [String: String])
    case sslRequest
    case gssEncRequest
    case cancelRequest(processID: Int32, secretKey: Int32)
    /// PasswordMessage (`p`).
    case password(String)
    /// Simple query (`Q`).
    case query(String)
    case parse(name: String, query: String, parameterTypes: [Int32])
    case bind(portal: String, statement: String, parameterFormats: [Int16], parameters: [[UInt8]?], resultFormats: [Int16])
    /// Describe (`D`): `S` for a statement, `P` for a portal.
    case describe(kind: UInt8, name: String)
    case execute(portal: String, maxRows: Int32)
    case close(kind: UInt8, name: String)
    case sync
    case flush
    case terminate
    /// A message whose frame was fine but whose contents were not.
    case invalid(PGError, extended: Bool)

    /// Startup packet codes.
    static let protocol3: Int32 = 196_608
    static let sslCode: Int32 = 80_877_103
    static let gssCode: Int32 = 80_877_104
    static let cancelCode: Int32 = 80_877_102
}
