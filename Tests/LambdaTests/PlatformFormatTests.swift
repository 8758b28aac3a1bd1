import Determinism
import Foundation
import Observability
import Testing

@testable import Lambda

/// The hand-rolled formatters of the invocation path against the formatting they replaced.
@Suite struct PlatformFormatTests {
    @Test func millisecondsMatchPrintfIncludingTiesAndNearTies() {
        let seed: UInt64 = 0xD0_2026
        var rng = SeededGenerator(seed: seed)
        var durations: [Duration] = [
            .zero, .nanoseconds(1), .nanoseconds(4_999), .nanoseconds(5_000), .nanoseconds(5_001), .nanoseconds(15_000),
            .nanoseconds(125_000_000 + 5_000), .milliseconds(1), .milliseconds(999.995), .seconds(3), .seconds(899),
            .nanoseconds(1_234_567_891), .seconds(2_000_000), .milliseconds(-3), .nanoseconds(1) / 3,
        ]
        for _ in 0..<5_000 {
            let nanos = Int64(rng.next() % 30_000_000_000)
            // Every fourth value is put on or next to a rounding boundary of the hundredths.
            let nudged = rng.next() % 4 == 0 ? nanos / 10_000 * 10_000 + 5_000 + Int64(rng.next() % 3) - 1 : nanos
            durations.append(.nanoseconds(nudged))
        }
        for d in durations {
            #expect(
                ReportLines.milliseconds(d) == String(format: "%.2f", ReportLines.millisecondsValue(d)), "seed \(seed): \(d)")
        }
    }

    @Test func identifiersDrawTheSameNumbersAsBefore() {
        // The earlier implementation, kept here as the reference: one draw per byte / per digit.
        func referenceUUID(_ rng: inout SeededGenerator) -> String {
            var bytes: [UInt8] = (0..<16).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            bytes[6] = (bytes[6] & 0x0F) | 0x40
            bytes[8] = (bytes[8] & 0x3F) | 0x80
            let hex = bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
            let h = Array(hex)
            return String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-" + String(h[16..<20]) + "-"
                + String(h[20..<32])
        }
        func referenceHex(_ count: Int, _ rng: inout SeededGenerator) -> String {
            let digits = Array("0123456789abcdef")
            return String((0..<count).map { _ in digits[Int(rng.next() & 0xF)] })
        }
        for seed: UInt64 in [1, 42, 0xFFFF_FFFF_FFFF_FFFF] {
            let source = IdentifierSource(seed: seed)
            var reference = SeededGenerator(seed: seed)
            for round in 0..<50 {
                #expect(source.uuid() == referenceUUID(&reference), "seed \(seed) round \(round)")
                #expect(source.hex(24) == referenceHex(24, &reference), "seed \(seed) round \(round)")
            }
        }
    }

    @Test func traceIDTimePartIsEightHexDigits() {
        let ids = IdentifierSource(seed: 7)
        for seconds: Int64 in [0, 15, 1_764_000_000, 0xFFFF_FFFF, 0x1_0000_0001] {
            let id = TraceID.generate(epochSeconds: seconds, sampled: true, ids: ids)
            let expected = String(UInt32(truncatingIfNeeded: seconds), radix: 16).leftPadded(to: 8)
            #expect(id.hasPrefix("Root=1-\(expected)-"), "\(id)")
            #expect(TraceID.isWellFormed(id), "\(id)")
        }
    }

    @Test func traceIDIsTheTimeAndTheSameHexDrawsAsTwoHexCalls() {
        for seed: UInt64 in [1, 7, 0xDEAD_BEEF] {
            for sampled in [false, true] {
                let generated = TraceID.generate(epochSeconds: 1_764_000_000, sampled: sampled, ids: IdentifierSource(seed: seed))
                let reference = IdentifierSource(seed: seed)
                let root = reference.hex(24)
                let parent = reference.hex(16)
                let expected = "Root=1-\(String(1_764_000_000, radix: 16))-\(root);Parent=\(parent);Sampled=\(sampled ? 1 : 0)"
                #expect(generated == expected, "seed \(seed)")
                #expect(generated.utf8.count == TraceID.length)
            }
        }
    }

    @Test func processMemoryIsReadAgainOnEveryCall() {
        let before = ProcessMemory.residentMegabytes()
        // Touch 64 MB so the resident size grows; the kept-open statm must show it.
        let size = 64 << 20
        let block = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4096)
        defer { block.deallocate() }
        for offset in stride(from: 0, to: size, by: 4096) { block.storeBytes(of: 1, toByteOffset: offset, as: UInt8.self) }
        let after = ProcessMemory.residentMegabytes()
        #expect(before > 0)
        #expect(after >= before + 32, "before \(before) MB, after \(after) MB")
    }

    @Test func contextEnvironmentOverlaysTheTraceIDOnlyForInvokerContexts() {
        let store = LogStore()
        let logger = LambdaLogger(store: store, logGroupName: "/g", logStreamName: "s")
        let base = ["A": "1", "_X_AMZN_TRACE_ID": "old"]
        let given = LambdaContext(
            requestID: "r", traceID: "Root=1-x", invokedFunctionARN: "arn", functionName: "f", functionVersion: "$LATEST",
            memoryLimitInMB: 128, deadline: .now, deadlineMillisecondsSinceEpoch: 0, logGroupName: "/g", logStreamName: "s",
            logger: logger, environment: base)
        #expect(given.environment == base, "a context made with an environment keeps it as given")
        let invoked = LambdaContext(
            requestID: "r", traceID: "Root=1-x", invokedFunctionARN: "arn", functionName: "f", functionVersion: "$LATEST",
            memoryLimitInMB: 128, deadline: .now, deadlineMillisecondsSinceEpoch: 0, logGroupName: "/g", logStreamName: "s",
            logger: logger, baseEnvironment: base, traceVariable: "Root=1-x", clientContext: nil)
        #expect(invoked.environment == ["A": "1", "_X_AMZN_TRACE_ID": "Root=1-x"])
    }
}
