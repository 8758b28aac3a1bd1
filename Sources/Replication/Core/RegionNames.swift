/// The AWS region each voter stands for in one stack.
///
/// `NodeID` is a role (primary, secondary, witness); which regions play those roles is
/// configuration (`primary_region`, `secondary_region`, `witness_region`). Everything that
/// names a region (log directories, endpoints, errors, status) reads it from here, so a stack
/// in eu-west-1 / eu-west-2 / eu-central-1 never mentions us-east-1.
public struct RegionNames: Sendable, Equatable, CustomStringConvertible {
    /// Names indexed by `NodeID.rawValue`.
    public private(set) var names: [String]

    /// The seed's default regions (`NodeID.region`).
    public static let defaults = RegionNames(primary: NodeID.primary.region, secondary: NodeID.secondary.region,
                                             witness: NodeID.witness.region)

    public init(primary: String, secondary: String, witness: String) {
        names = [primary, secondary, witness]
    }

    /// The region `node` stands for.
    public subscript(node: NodeID) -> String { names[node.rawValue] }

    /// The voter standing for the region `name`, or for the role `name` (`primary`, ...).
    public func node(named name: String) -> NodeID? {
        if let i = names.firstIndex(of: name) { return NodeID(rawValue: i) }
        return NodeID.allCases.first { $0.description == name }
    }

    /// Every region name, primary first.
    public var all: [String] { names }

    public var description: String { names.joined(separator: ", ") }
}
