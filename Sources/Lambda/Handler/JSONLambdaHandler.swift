import Foundation

/// A handler with Codable event and output types (like the runtime's `LambdaHandler` with
/// `Event: Decodable, Output: Encodable`).
///
/// The byte-level `handle` decodes the event with `JSONDecoder`, calls the typed `handle`, and
/// encodes the output with `JSONEncoder`. A decoding failure is thrown, so it surfaces as a
/// function error like a runtime's deserialisation error. (Do not use `[UInt8]` as `Event`.)
public protocol JSONLambdaHandler: LambdaHandler {
    /// The event type, decoded from the invocation payload.
    associatedtype Event: Decodable
    /// The output type, encoded as the response payload.
    associatedtype Output: Encodable

    /// Handles one decoded event.
    func handle(_ event: Event, context: LambdaContext) async throws -> Output
}

extension JSONLambdaHandler {
    /// Decodes, handles and encodes.
    public func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        let decoded = try JSONDecoder().decode(Event.self, from: Data(event))
        let output: Output = try await handle(decoded, context: context)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(output))
    }
}
