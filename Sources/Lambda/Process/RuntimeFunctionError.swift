import Foundation

/// A function error whose payload is passed through as the runtime posted it.
///
/// Why: a runtime's `invocation/{id}/error` or `init/error` body is what the caller receives,
/// byte for byte, as on Lambda; `FunctionErrorReport` uses `payload` instead of building one.
/// `discardsEnvironment` marks errors after which the environment cannot be reused (the process
/// exited, crashed, or ran out of memory), so the invoker drops it.
struct RuntimeFunctionError: LambdaFunctionError, RawFunctionErrorPayload, Sendable {
    let errorType: String
    let payload: [UInt8]
    let discardsEnvironment: Bool

    var errorMessage: String {
        if let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any],
            let message = object["errorMessage"] as? String
        {
            return message
        }
        return String(decoding: payload, as: UTF8.self)
    }

    /// An error a runtime reported; an empty body gets Lambda's shape with the type.
    /// The type is the body's `errorType` (what Lambda logs and returns), else the header's.
    init(report: RuntimeErrorReport, defaultType: String) {
        let object = try? JSONSerialization.jsonObject(with: Data(report.body)) as? [String: Any]
        errorType = (object?["errorType"] as? String) ?? report.errorType ?? defaultType
        payload = report.body.isEmpty ? LambdaJSON.encode(["errorMessage": "", "errorType": errorType]) : report.body
        discardsEnvironment = false
    }

    /// `Runtime.ExitError` (or another platform error) with Lambda's message.
    init(platformType: String, message: String) {
        errorType = platformType
        payload = LambdaJSON.encode(["errorMessage": message, "errorType": platformType])
        discardsEnvironment = true
    }

    /// Passes an already-built payload (e.g. `Function.ResponseSizeTooLarge`).
    init(type: String, payload: [UInt8], discardsEnvironment: Bool) {
        errorType = type
        self.payload = payload
        self.discardsEnvironment = discardsEnvironment
    }
}

/// An error that carries the exact function error payload to return.
protocol RawFunctionErrorPayload: Error {
    var payload: [UInt8] { get }
    var discardsEnvironment: Bool { get }
}

/// A handler whose environment has its own peak memory (a process), for REPORT's `Max Memory Used`.
protocol ReportsPeakMemory: Sendable {
    func peakMemoryMegabytes() -> Int
}
