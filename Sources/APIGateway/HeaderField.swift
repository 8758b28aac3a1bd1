/// One HTTP header as it appeared on the wire: name (original case) and value.
///
/// Requests keep their headers as an ordered list with duplicates, because the proxy event has to
/// report both the last value (`headers`) and every value (`multiValueHeaders`) of each name.
public struct HeaderField: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HeaderField {
    /// The last value of the header `name` (compared case-insensitively), or nil.
    public func lastValue(_ name: String) -> String? {
        last(where: { CaseInsensitive.equals($0.name, name) })?.value
    }

    /// Every value of the header `name` (compared case-insensitively), in order.
    public func values(_ name: String) -> [String] {
        filter { CaseInsensitive.equals($0.name, name) }.map(\.value)
    }
}
