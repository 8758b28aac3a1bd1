/// Size limits the request parser enforces before it buffers more input.
///
/// Defaults follow NIO/Hummingbird ballparks and the foundation issue: request line 8 KiB (414),
/// one field 16 KiB and all fields 64 KiB (431), at most 100 fields (431).
public struct HTTPParserLimits: Sendable, Equatable {
    /// Longest request line (method, target, version) in bytes; longer answers 414.
    public var maxRequestLine: Int = 8 * 1024
    /// Longest single header line in bytes; longer answers 431.
    public var maxHeaderField: Int = 16 * 1024
    /// Longest header section (all fields) in bytes; longer answers 431.
    public var maxHeaderBytes: Int = 64 * 1024
    /// Most header fields; more answers 431.
    public var maxHeaderCount: Int = 100
    /// Longest chunk-size line, extensions included.
    public var maxChunkLine: Int = 4 * 1024
    /// Largest trailer section of a chunked body.
    public var maxTrailerBytes: Int = 16 * 1024

    /// Creates limits with the defaults above.
    public init() {}
}
