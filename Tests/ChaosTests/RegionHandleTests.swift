import Chaos
import Replication
import Synchronization
import Testing

/// Records the calls a region handle makes on its components, in order.
final class Recorder: Sendable {
    let calls = Mutex<[String]>([])
    func add(_ s: String) { calls.withLock { $0.append(s) } }
    var all: [String] { calls.withLock { $0 } }
}

struct FakeComponent: RegionComponent {
    let name: String
    let layer: RegionLayer
    let recorder: Recorder
    let failStart = Flag()

    init(_ name: String, _ layer: RegionLayer, _ recorder: Recorder) {
        self.name = name
        self.layer = layer
        self.recorder = recorder
    }

    struct StartFailure: Error {}

    func stop(_ mode: KillMode) async { recorder.add("\(name).stop(\(mode.rawValue))") }
    func start() async throws {
        recorder.add("\(name).start")
        if failStart.value { throw StartFailure() }
    }
    func pause() async { recorder.add("\(name).pause") }
    func resume() async { recorder.add("\(name).resume") }
}

@Suite("Chaos: region handles drive their components together")
struct RegionHandleTests {
    @Test func stopsFrontToBackAndStartsBackToFront() async throws {
        let r = Recorder()
        let handle = RegionHandle(name: "eu-west-1", node: .primary)
        await handle.register(FakeComponent("log", .data, r))
        await handle.register(FakeComponent("lambda", .compute, r))
        await handle.register(FakeComponent("api", .front, r))
        await handle.register(FakeComponent("pg", .front, r))
        #expect(handle.componentNames == ["api", "pg", "lambda", "log"])
        #expect(await handle.kill(.refuse) == .killed(.refuse))
        #expect(await handle.kill(.refuse) == .killed(.refuse))
        #expect(try await handle.restore() == .up)
        #expect(try await handle.restore() == .up)
        #expect(r.all == [
            "api.stop(refuse)", "pg.stop(refuse)", "lambda.stop(refuse)", "log.stop(refuse)",
            "log.start", "lambda.start", "pg.start", "api.start",
        ])
    }

    @Test func aComponentRegisteredWhileKilledIsStoppedFirst() async {
        let r = Recorder()
        let handle = RegionHandle(name: "x", node: .secondary)
        await handle.kill(.blackhole)
        await handle.register(FakeComponent("late", .front, r))
        #expect(r.all == ["late.stop(blackhole)"])
    }

    @Test func aFailedStartLeavesTheRegionKilledAndARetryStartsEverythingAgain() async throws {
        let r = Recorder()
        let handle = RegionHandle(name: "x", node: .secondary)
        let api = FakeComponent("api", .front, r)
        await handle.register(FakeComponent("log", .data, r))
        await handle.register(api)
        await handle.kill(.refuse)
        api.failStart.set(true)
        await #expect(throws: ChaosError.self) { try await handle.restore() }
        #expect(handle.state == .killed(.refuse))
        api.failStart.set(false)
        #expect(try await handle.restore() == .up)
        #expect(r.all.suffix(4) == ["log.start", "api.start", "log.start", "api.start"])
    }

    @Test func pausingAKilledRegionIsAConflict() async {
        let handle = RegionHandle(name: "eu-central-1", node: .witness)
        await handle.kill(.refuse)
        do {
            _ = try await handle.pause()
            Issue.record("pause of a killed region succeeded")
        } catch {
            #expect(error.status == 409)
            #expect(error.description.contains("eu-central-1"))
        }
    }

    @Test func aTimedPauseResumesByItself() async throws {
        let r = Recorder()
        let handle = RegionHandle(name: "x", node: .primary)
        await handle.register(FakeComponent("log", .data, r))
        #expect(try await handle.pause(for: .milliseconds(50)) != .up)
        // Generous: under a loaded machine the pool may run the timer's task late.
        let deadline = ContinuousClock.now + .seconds(60)
        while handle.state != .up, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(handle.state == .up)
        #expect(r.all == ["log.pause", "log.resume"])
    }
}

@Suite("Chaos: link faults")
struct LinkFaultTests {
    @Test func convertsToLinkConditionsAndBack() {
        let fault = LinkFault(latencyMs: 40, jitterMs: 5, loss: 0.01)
        #expect(fault.conditions == LinkConditions(delay: 40_000, jitter: 5_000, loss: 0.01))
        #expect(LinkFault(fault.conditions) == fault)
        #expect(LinkFault(partition: true).conditions.partitioned)
        #expect(LinkFault.none.isHealthy)
    }

    @Test func rejectsOutOfRangeValues() {
        for bad in [LinkFault(loss: 1.5), LinkFault(loss: -0.1), LinkFault(latencyMs: -1), LinkFault(jitterMs: 1e9),
                    LinkFault(latencyMs: .nan)] {
            #expect(throws: ChaosError.self) { try bad.validate() }
        }
        #expect(throws: Never.self) { try LinkFault(latencyMs: 60_000, jitterMs: 0, loss: 1).validate() }
    }

    @Test func regionNamesFollowTheConfiguration() {
        let names = RegionNames(primary: "eu-west-1", secondary: "eu-west-2", witness: "eu-central-1")
        #expect(names[.witness] == "eu-central-1")
        #expect(names.node(named: "eu-west-2") == .secondary)
        #expect(names.node(named: "primary") == .primary)
        #expect(names.node(named: "us-east-1") == nil)
    }
}

final class Flag: Sendable {
    private let state = Mutex(false)
    func set(_ v: Bool) { state.withLock { $0 = v } }
    var value: Bool { state.withLock { $0 } }
}
