import Foundation

/// Compact JSON encoding with sorted keys, as Lambda's API and runtimes emit small objects.
///
/// One helper so every payload the emulator writes has the same byte layout.
enum LambdaJSON {
    static func encode(_ object: [String: String]) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(object)) ?? Data("{}".utf8))
    }
}
