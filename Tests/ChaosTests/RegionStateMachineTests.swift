import Chaos
import Replication
import Testing

@Suite("Chaos: the region state machine")
struct RegionStateMachineTests {
    @Test func killIsIdempotentAndSwitchesMode() {
        var m = RegionStateMachine()
        #expect(m.kill(.refuse) == [.stop(.refuse)])
        #expect(m.state == .killed(.refuse))
        #expect(m.kill(.refuse) == [])
        #expect(m.kill(.blackhole) == [.stop(.blackhole)])
        #expect(m.state == .killed(.blackhole))
        #expect(m.restore() == [.start])
        #expect(m.state == .up)
        #expect(m.restore() == [])
    }

    @Test func pauseAndResume() throws {
        var m = RegionStateMachine()
        #expect(try m.pause(resumeAt: nil).get() == [.pause])
        #expect(m.state == .paused(resumeAt: nil))
        #expect(try m.pause(resumeAt: nil).get() == [], "pausing a paused region does nothing more")
        #expect(try m.resume().get() == [.resume])
        #expect(try m.resume().get() == [], "resuming a running region does nothing")
        #expect(m.state == .up)
    }

    @Test func timedPauseResumesOnceAndStaleTimersDoNothing() throws {
        var m = RegionStateMachine()
        let actions = try m.pause(resumeAt: 1_000).get()
        guard case .scheduleResume(let at, let generation)? = actions.last else {
            Issue.record("no resume scheduled: \(actions)")
            return
        }
        #expect(actions.first == .pause)
        #expect(at == 1_000)
        // A new deadline supersedes the first timer.
        let second = try m.pause(resumeAt: 2_000).get()
        guard case .scheduleResume(_, let newer)? = second.last else {
            Issue.record("no resume scheduled: \(second)")
            return
        }
        #expect(m.timerFired(generation: generation) == [])
        #expect(m.timerFired(generation: newer) == [.resume])
        #expect(m.state == .up)
        #expect(m.timerFired(generation: newer) == [], "a timer fires once")
    }

    @Test func killedRegionsCannotBePausedOrResumed() {
        var m = RegionStateMachine()
        _ = m.kill(.refuse)
        #expect(m.pause(resumeAt: nil) == .failure(.killed))
        #expect(m.resume() == .failure(.killed))
        #expect(m.state == .killed(.refuse))
    }

    @Test func killingAPausedRegionCancelsItsTimer() throws {
        var m = RegionStateMachine()
        let actions = try m.pause(resumeAt: 5).get()
        guard case .scheduleResume(_, let generation)? = actions.last else {
            Issue.record("no resume scheduled")
            return
        }
        #expect(m.kill(.blackhole) == [.stop(.blackhole)])
        #expect(m.timerFired(generation: generation) == [])
        #expect(m.state == .killed(.blackhole))
        #expect(m.restore() == [.start])
    }

    @Test func restoringAPausedRegionResumesIt() throws {
        var m = RegionStateMachine()
        _ = try m.pause(resumeAt: nil).get()
        #expect(m.restore() == [.resume])
        #expect(m.state == .up)
    }
}
