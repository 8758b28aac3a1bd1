/// One of the three fixed voters of the commit log.
///
/// Membership never changes (it avoids the single-server membership-change bug altogether), so a
/// voter is a small enum and every per-voter table is a three-slot array indexed by `rawValue`.
public enum NodeID: Int, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case primary = 0
    case secondary = 1
    case witness = 2

    /// The AWS region this voter stands for in the seed's default configuration; a configured
    /// stack names its regions with `RegionNames`.
    public var region: String {
        switch self {
        case .primary: "us-east-1"
        case .secondary: "us-east-2"
        case .witness: "us-west-2"
        }
    }

    /// Data regions hold SQLite and apply entries; the witness only stores and votes.
    public var isDataRegion: Bool { self != .witness }

    /// The voter whose `region` is `name`, if any.
    public init?(region name: String) {
        guard let node = NodeID.allCases.first(where: { $0.region == name }) else { return nil }
        self = node
    }

    /// The two data regions, in a fixed order.
    public static let dataRegions: [NodeID] = [.primary, .secondary]

    /// A one-bit mask for vote and activity sets.
    @inlinable var bit: UInt8 { 1 << UInt8(rawValue) }

    public static func < (a: NodeID, b: NodeID) -> Bool { a.rawValue < b.rawValue }
    public var description: String {
        switch self {
        case .primary: "primary"
        case .secondary: "secondary"
        case .witness: "witness"
        }
    }
}
