import Chaos
import Testing

@Suite struct HealthCheckMachineTests {
    static let second: UInt64 = 1_000_000_000

    static func config(threshold: Int = 3, interval: Duration = .seconds(1)) -> HealthCheckConfiguration {
        HealthCheckConfiguration(
            id: "hc", region: "us-east-1", fqdn: "x.execute-api.us-east-1.localhost", resourcePath: "/prod/health", port: 1,
            requestInterval: interval, failureThreshold: threshold)
    }

    /// Drives the machine on a fake clock: each probe ends `latency` after it starts with the
    /// outcome `outcomes(probeIndex)`; returns the status changes with their times.
    static func run(
        _ machine: inout HealthCheckMachine, until end: UInt64, latency: UInt64 = 1_000_000,
        outcomes: (Int) -> ProbeOutcome?
    ) -> [(HealthStatus, UInt64)] {
        var changes: [(HealthStatus, UInt64)] = []
        var now: UInt64 = 0
        var index = 0
        var pendingEnd: UInt64?
        while now <= end {
            if let finish = pendingEnd, finish <= machine.nextWakeup {
                now = finish
                pendingEnd = nil
                if let outcome = outcomes(index - 1) {
                    for case .statusChanged(_, let to) in machine.finished(outcome, now: now) { changes.append((to, now)) }
                }
                continue
            }
            now = max(now, machine.nextWakeup)
            for action in machine.tick(now: now) {
                switch action {
                case .probe:
                    index += 1
                    pendingEnd = now + latency
                case .statusChanged(_, let to): changes.append((to, now))
                }
            }
        }
        return changes
    }

    @Test func newCheckIsHealthyAndStaysHealthyWhileProbesPass() {
        var m = HealthCheckMachine(configuration: Self.config(), now: 0)
        #expect(m.status == .healthy)
        let changes = Self.run(&m, until: 10 * Self.second) { _ in .answered(status: 200) }
        #expect(changes.isEmpty)
        #expect(m.probes == 10 || m.probes == 11)
        #expect(m.failures == 0)
    }

    @Test func becomesUnhealthyAfterThresholdConsecutiveFailuresAndBackAfterThresholdPasses() {
        var m = HealthCheckMachine(configuration: Self.config(threshold: 3), now: 0)
        // Probes 0-4 pass, 5-9 refused, then pass again.
        let changes = Self.run(&m, until: 20 * Self.second) { i in
            (5...9).contains(i) ? .noAnswer(reason: "connection refused") : .answered(status: 200)
        }
        #expect(changes.count == 2)
        #expect(changes.first?.0 == .unhealthy)
        // The third failure (probe 7) ends at 7 s + 1 ms.
        #expect(changes.first?.1 == 7 * Self.second + 1_000_000)
        #expect(changes.last?.0 == .healthy)
        #expect(changes.last?.1 == 12 * Self.second + 1_000_000)
    }

    @Test func aFailureStreakShorterThanTheThresholdChangesNothing() {
        var m = HealthCheckMachine(configuration: Self.config(threshold: 3), now: 0)
        let changes = Self.run(&m, until: 20 * Self.second) { i in
            i % 3 == 2 ? .answered(status: 200) : .answered(status: 503)
        }
        #expect(changes.isEmpty)
        #expect(m.status == .healthy)
    }

    @Test func statusesFrom200To399PassAndOthersFail() {
        #expect(ProbeOutcome.answered(status: 200).passed)
        #expect(ProbeOutcome.answered(status: 302).passed)
        #expect(!ProbeOutcome.answered(status: 404).passed)
        #expect(!ProbeOutcome.answered(status: 503).passed)
        #expect(!ProbeOutcome.noAnswer(reason: "timed out").passed)
    }

    @Test func aProbeWithoutAnswerTimesOutAtItsDeadline() {
        var m = HealthCheckMachine(configuration: Self.config(threshold: 1, interval: .milliseconds(500)), now: 0)
        #expect(m.tick(now: 0) == [.probe(deadline: 1_000_000_000)])
        #expect(m.tick(now: 999_000_000).isEmpty)
        #expect(m.tick(now: 1_000_000_000) == [.statusChanged(from: .healthy, to: .unhealthy)])
        #expect(m.lastOutcome?.outcome == .noAnswer(reason: "timed out"))
        // A late answer for the timed-out probe is ignored.
        #expect(m.finished(.answered(status: 200), now: 1_010_000_000).isEmpty)
        #expect(m.status == .unhealthy)
    }

    @Test func probesNeverOverlapAndKeepTheirCadence() {
        var m = HealthCheckMachine(configuration: Self.config(), now: 0)
        #expect(m.tick(now: 0).count == 1)
        #expect(m.tick(now: 100).isEmpty)
        _ = m.finished(.answered(status: 200), now: 200)
        #expect(m.nextWakeup == Self.second)
        #expect(m.tick(now: Self.second - 1).isEmpty)
        #expect(m.tick(now: Self.second).count == 1)
    }

    @Test func configurationRangesAreRouteFiftyThrees() throws {
        #expect(throws: HealthCheckConfiguration.Problem.failureThreshold(11)) { try Self.config(threshold: 11).validate() }
        #expect(throws: HealthCheckConfiguration.Problem.failureThreshold(0)) { try Self.config(threshold: 0).validate() }
        try Self.config(threshold: 10).validate()
        #expect(Self.config(interval: .seconds(10)).timeout == .seconds(2))
        #expect(Self.config(interval: .milliseconds(200)).timeout == .seconds(1))
        #expect(Self.config(interval: .milliseconds(1500)).timeout == .milliseconds(1500))
    }
}

@Suite struct FailoverPolicyTests {
    @Test func primaryWhileHealthySecondaryOtherwisePrimaryWhenBothFail() {
        #expect(FailoverPolicy.choose(primary: .healthy, secondary: .healthy) == .primary)
        #expect(FailoverPolicy.choose(primary: .healthy, secondary: .unhealthy) == .primary)
        #expect(FailoverPolicy.choose(primary: .unhealthy, secondary: .healthy) == .secondary)
        #expect(FailoverPolicy.choose(primary: .unhealthy, secondary: nil) == .secondary)
        #expect(FailoverPolicy.choose(primary: .unhealthy, secondary: .unhealthy) == .primary)
    }

    @Test func stateRecordsFailoverAndFailback() {
        var state = FailoverState()
        #expect(state.update(primary: .healthy, secondary: .healthy, now: 1) == nil)
        #expect(state.update(primary: .unhealthy, secondary: .healthy, now: 5) == .secondary)
        #expect(state.update(primary: .unhealthy, secondary: .healthy, now: 6) == nil)
        #expect(state.update(primary: .healthy, secondary: .healthy, now: 9) == .primary)
        #expect(state.switches == [.init(to: .secondary, at: 5), .init(to: .primary, at: 9)])
    }
}
