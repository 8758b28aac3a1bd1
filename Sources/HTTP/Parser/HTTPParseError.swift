/// Why a request could not be framed; each case maps to the status the server answers with.
///
/// Every parse error ends the connection after the error response (RFC 9112 §6.3: once framing is in
/// doubt, nothing later on the connection can be trusted).
public enum HTTPParseError: Error, Sendable, Equatable {
    case requestLineTooLong
    case headerFieldTooLarge
    case headersTooLarge
    case tooManyHeaders
    case invalidRequestLine(String)
    case unsupportedVersion
    case bareLineFeed
    case bareCarriageReturn
    case invalidHeaderName
    case invalidHeaderValue(name: String)
    case obsoleteLineFolding
    case missingHost
    case duplicateHost
    case invalidHost
    case invalidContentLength(String)
    case conflictingFraming
    case invalidTransferEncoding(String)
    case invalidChunkSize
    case chunkLineTooLong
    case invalidChunkTerminator
    case trailersTooLarge
    case invalidTrailer

    /// The HTTP status code answered for this error.
    public var status: Int {
        switch self {
        case .requestLineTooLong: return 414
        case .headerFieldTooLarge, .headersTooLarge, .tooManyHeaders: return 431
        case .unsupportedVersion: return 505
        default: return 400
        }
    }
}
