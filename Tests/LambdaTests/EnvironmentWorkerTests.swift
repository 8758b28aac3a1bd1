import Synchronization
import Testing
@testable import Lambda

/// `EnvironmentWorker`: one long-lived task per execution environment runs its invocations.
@Suite struct EnvironmentWorkerTests {
    /// Answers with an id of the task it runs in, or sleeps until cancelled when asked to.
    struct TaskProbeHandler: LambdaHandler {
        init(context: LambdaInitializationContext) async throws {}

        func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
            if event == Array("sleep".utf8) { try await Task.sleep(for: .seconds(30)) }
            let id = withUnsafeCurrentTask { $0?.hashValue ?? 0 }
            return Array(String(id).utf8)
        }
    }

    /// Collects values from jobs.
    final class Log: Sendable {
        let values = Mutex<[Int]>([])
        func add(_ value: Int) { values.withLock { $0.append(value) } }
    }

    @Test func jobsRunInOrderOnTheWorkersOwnTask() async {
        let worker = EnvironmentWorker()
        let log = Log()
        let done = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            var accepted = true
            for i in 0..<5 {
                accepted = worker.submit {
                    log.add(i)
                    log.add(withUnsafeCurrentTask { $0?.hashValue ?? 0 })
                    if i == 4 { continuation.resume(returning: true) }
                } && accepted
            }
            if !accepted { continuation.resume(returning: false) }
        }
        #expect(done)
        let values = log.values.withLock { $0 }
        #expect(stride(from: 0, to: values.count, by: 2).map { values[$0] } == [0, 1, 2, 3, 4])
        let tasks = Set(stride(from: 1, to: values.count, by: 2).map { values[$0] })
        // `worker.task` is alive here, so no other task can share its identity.
        #expect(tasks == [worker.task.hashValue], "every job ran in the worker's task")
        worker.finish()
        #expect(!worker.submit {}, "a finished worker takes no more jobs")
        await worker.task.value
    }

    @Test func cancelledWorkerRefusesJobsAndItsLoopEnds() async {
        let worker = EnvironmentWorker()
        worker.task.cancel()
        #expect(!worker.submit {})
        await worker.task.value  // the loop ended without being finished
    }

    @Test func warmInvocationsShareTheEnvironmentsTaskAndATimeoutEndsIt() async throws {
        let invoker = LambdaInvoker(options: .init(seed: 3))
        try invoker.register(FunctionConfiguration(functionName: "probe", timeout: .milliseconds(200)), handler: TaskProbeHandler.self)
        var tasks: [String] = []
        for _ in 0..<3 {
            let record = try await invoker.invokeDetailed(functionName: "probe", payload: Array("id".utf8))
            guard case .success(let bytes) = record.result else {
                Issue.record("unexpected \(record.result)")
                return
            }
            tasks.append(String(decoding: bytes, as: UTF8.self))
        }
        // The warm environment is alive in the pool, so its task's identity is unique.
        let workerTask = invoker.state.withLock { state in
            state.functions["probe"]?.environments.values.first.map { String($0.worker.task.hashValue) }
        }
        #expect(Set(tasks) == [workerTask], "every invocation ran in the environment's task: \(tasks)")

        let timedOut = try await invoker.invokeDetailed(functionName: "probe", payload: Array("sleep".utf8))
        guard case .timedOut = timedOut.result else {
            Issue.record("expected a timeout, got \(timedOut.result)")
            return
        }
        // The timed-out environment (and its task) is gone: the next call is a cold start on a new task.
        let next = try await invoker.invokeDetailed(functionName: "probe", payload: Array("id".utf8))
        #expect(next.coldStart)
        guard case .success = next.result else {
            Issue.record("unexpected \(next.result)")
            return
        }
    }
}
