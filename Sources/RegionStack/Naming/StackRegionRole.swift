/// The part a data region plays in the seed: `primary` or `secondary`.
///
/// The seed names every regional resource with this word (`...-primary`, `REGION_TYPE`), and
/// its outputs are keyed by it, so naming and outputs are organised around it. The witness
/// region hosts no API, function or cluster endpoint and is not a role here.
public enum StackRegionRole: String, Sendable, CaseIterable, Comparable {
    case primary
    case secondary

    public static func < (lhs: StackRegionRole, rhs: StackRegionRole) -> Bool {
        lhs == .primary && rhs == .secondary
    }
}
