/// Size limits the frontend parser enforces before buffering a message.
///
/// DSQL refuses messages over 10 MiB with `08P01` `invalid message length`; PostgreSQL bounds
/// the startup packet at 10,000 bytes.
public struct PGWireLimits: Sendable, Hashable {
    /// Largest typed message, length field included.
    public var maxMessageBytes: Int
    /// Largest startup packet, length field included.
    public var maxStartupBytes: Int

    public init(maxMessageBytes: Int = 10 << 20, maxStartupBytes: Int = 10_000) {
        self.maxMessageBytes = maxMessageBytes
        self.maxStartupBytes = maxStartupBytes
    }

    public static let dsql = PGWireLimits()
}
