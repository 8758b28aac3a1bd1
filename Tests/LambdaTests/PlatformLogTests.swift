import Foundation
import Lambda
import Observability
import Testing

@Suite struct PlatformLogTests {
    @Test func startEndReportLinesHaveAWSFormat() async throws {
        let (invoker, _) = try makeInvoker(memory: 512)
        let cold = try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("echo", "a"))
        let warm = try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("echo", "b"))
        let streams = try invoker.logs.describeLogStreams(group: "/aws/lambda/users-primary")
        #expect(streams.map(\.logStreamName) == [cold.logStreamName])
        #expect(cold.logStreamName.wholeMatch(of: /\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}/) != nil)

        let lines = invoker.logs.messages(group: "/aws/lambda/users-primary", stream: cold.logStreamName)
        let platform = lines.filter { $0.hasPrefix("START") || $0.hasPrefix("END") || $0.hasPrefix("REPORT") }
        #expect(platform.count == 6)
        #expect(platform[0] == "START RequestId: \(cold.requestID) Version: $LATEST")
        #expect(platform[1] == "END RequestId: \(cold.requestID)")
        let coldReport = /REPORT RequestId: ([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})\tDuration: (\d+\.\d{2}) ms\tBilled Duration: (\d+) ms\tMemory Size: 512 MB\tMax Memory Used: (\d+) MB\tInit Duration: \d+\.\d{2} ms/
        let match = try #require(platform[2].wholeMatch(of: coldReport), "\(platform[2])")
        #expect(match.1 == Substring(cold.requestID))
        let duration = try #require(Double(match.2))
        let billed = try #require(Int(match.3))
        #expect(Double(billed) >= duration && Double(billed) < duration + 1.01)
        #expect(try #require(Int(match.4)) > 0)
        #expect(platform[3] == "START RequestId: \(warm.requestID) Version: $LATEST")
        let warmReport = /REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d{2} ms\tBilled Duration: \d+ ms\tMemory Size: 512 MB\tMax Memory Used: \d+ MB/
        #expect(platform[5].wholeMatch(of: warmReport) != nil, "\(platform[5])")
        // Handler lines sit between START and END, tagged with the request id.
        let startIndex = try #require(lines.firstIndex(of: platform[0]))
        let endIndex = try #require(lines.firstIndex(of: platform[1]))
        #expect(lines[startIndex..<endIndex].contains { $0.hasPrefix("[INFO]\t") && $0.hasSuffix("\t\(cold.requestID)\techo a") })
        #expect(lines[0].hasPrefix("init in "))
    }

    @Test func reportFormattingRoundsBilledDurationUp() {
        #expect(ReportLines.billedMilliseconds(.microseconds(12_340)) == 13)
        #expect(ReportLines.billedMilliseconds(.milliseconds(13)) == 13)
        #expect(ReportLines.billedMilliseconds(.nanoseconds(1)) == 1)
        #expect(ReportLines.milliseconds(.microseconds(12_345)) == "12.35" || ReportLines.milliseconds(.microseconds(12_345)) == "12.34")
        #expect(
            ReportLines.report(
                requestID: "id", duration: .microseconds(12_340), memorySize: 512, maxMemoryUsedMB: 64,
                initDuration: .microseconds(5_670))
                == "REPORT RequestId: id\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\tMax Memory Used: 64 MB\tInit Duration: 5.67 ms")
        #expect(
            ReportLines.report(requestID: "r-1", duration: .nanoseconds(999_999_999), memorySize: 10_240, maxMemoryUsedMB: 0, initDuration: nil)
                == "REPORT RequestId: r-1\tDuration: 1000.00 ms\tBilled Duration: 1000 ms\tMemory Size: 10240 MB\tMax Memory Used: 0 MB")
        #expect(ReportLines.start(requestID: "r-1", version: "$LATEST") == "START RequestId: r-1 Version: $LATEST")
        #expect(ReportLines.end(requestID: "r-1") == "END RequestId: r-1")
        #expect(ReportLines.timeoutMessage(seconds: 3) == "Task timed out after 3.00 seconds")
        #expect(ReportLines.timeoutMessage(seconds: 30) == "Task timed out after 30.00 seconds")
    }
}

@Suite struct LambdaContextTests {
    @Test func contextCarriesFunctionFieldsAndRemainingTimeDecreases() async throws {
        let (invoker, probe) = try makeInvoker(timeout: .seconds(5), memory: 512)
        let record = try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("remaining"))
        let answer = try #require(Support.answer(record.result))
        let before = try #require(answer.remainingBefore)
        let after = try #require(answer.remainingAfter)
        #expect(before <= 5000 && before > 4000)
        #expect(after < before)
        let context = try #require(probe.contexts.first)
        #expect(context.requestID == record.requestID)
        #expect(context.requestID == context.requestID.lowercased())
        #expect(UUID(uuidString: context.requestID) != nil)
        #expect(context.functionName == "users-primary")
        #expect(context.functionVersion == "$LATEST")
        #expect(context.memoryLimitInMB == 512)
        #expect(context.invokedFunctionARN == "arn:aws:lambda:us-east-1:123456789012:function:users-primary")
        #expect(context.logGroupName == "/aws/lambda/users-primary")
        #expect(context.logStreamName == record.logStreamName)
        #expect(context.environment["AWS_REGION"] == "us-east-1")
        #expect(context.environment["AWS_DEFAULT_REGION"] == "us-east-1")
        #expect(context.environment["AWS_LAMBDA_FUNCTION_NAME"] == "users-primary")
        #expect(context.environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "512")
        #expect(context.environment["AWS_LAMBDA_LOG_STREAM_NAME"] == record.logStreamName)
        #expect(context.environment["AWS_EXECUTION_ENV"] == "AWS_Lambda_python3.11")
        #expect(context.environment["DSQL_ENDPOINT"] == "local")
        #expect(context.environment["_X_AMZN_TRACE_ID"] == context.traceID)
        let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
        #expect(context.deadlineMillisecondsSinceEpoch > nowMs - 5000)
        #expect(probe.initEnvironments.first?["REGION_TYPE"] == "primary")
    }

    @Test func traceHeaderIsPassedThrough() async throws {
        let (invoker, probe) = try makeInvoker()
        let header = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
        _ = try await invoker.invoke(functionName: "users-primary", payload: Support.event("echo"), traceHeader: header)
        #expect(probe.contexts.first?.traceID == header)
    }

    @Test(arguments: [TracingMode.passThrough, .active])
    func generatedTraceIDHasXRayFormat(mode: TracingMode) async throws {
        let (invoker, probe) = try makeInvoker(tracing: mode)
        _ = try await invoker.invoke(functionName: "users-primary", payload: Support.event("echo"))
        let trace = try #require(probe.contexts.first?.traceID)
        let pattern = /Root=1-([0-9a-f]{8})-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=([01])/
        let match = try #require(trace.wholeMatch(of: pattern), "\(trace)")
        #expect(match.2 == (mode == .active ? "1" : "0"))
        let epoch = try #require(Int64(match.1, radix: 16))
        #expect(abs(epoch - Int64(Date().timeIntervalSince1970)) < 60)
        #expect(TraceID.isWellFormed(trace))
    }
}
