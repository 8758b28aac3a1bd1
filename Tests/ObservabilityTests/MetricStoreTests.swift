import CoreMetrics
import Determinism
import Foundation
import Observability
import Synchronization
import Testing

/// A settable epoch-milliseconds clock.
final class TestClock: Sendable {
    let value: Mutex<Int64>
    init(_ start: Int64 = 1_796_212_800_000) { value = Mutex(start) }  // 2026-12-02T12:00:00Z
    func now() -> Int64 { value.withLock { $0 } }
    func advance(_ ms: Int64) { value.withLock { $0 += ms } }
    func set(_ ms: Int64) { value.withLock { $0 = ms } }
}

@Suite struct MetricStoreTests {
    let errors = MetricKey(namespace: "AWS/Lambda", name: "Errors", dimensions: ["FunctionName": "f"])

    @Test func samplesFoldIntoMinutePeriodsWithEveryStatistic() {
        let clock = TestClock()
        let store = MetricStore(clock: clock.now)
        let t0 = clock.now()
        for v in [1.0, 0, 0, 1, 0] { store.record(errors, value: v) }
        clock.advance(61_000)
        store.record(errors, value: 1)
        let points = store.datapoints(errors, start: t0, end: t0 + 180_000, periodSeconds: 60)
        #expect(points.map(\.timestamp) == [t0, t0 + 60_000])
        #expect(points[0].sampleCount == 5 && points[0].sum == 2 && points[0].minimum == 0 && points[0].maximum == 1)
        #expect(points[0].value(.average) == 0.4)
        #expect(points[1].value(.sum) == 1 && points[1].value(.sampleCount) == 1)
        // Two minutes in one 120 s period.
        let merged = store.datapoints(errors, start: t0, end: t0 + 180_000, periodSeconds: 120)
        #expect(merged.count == 1 && merged[0].sum == 3 && merged[0].sampleCount == 6)
        #expect(store.counter(errors) == 3)
        #expect(store.gauge(errors) == 1)
    }

    @Test func periodsAlignToTheResolutionGridAndLeaveEmptyPeriodsOut() {
        let clock = TestClock(1_796_212_800_000 + 42_000)  // 42 s into a minute
        let store = MetricStore(clock: clock.now)
        store.record(errors, value: 1)
        clock.advance(5 * 60_000)
        store.record(errors, value: 1)
        let minute = 1_796_212_800_000 as Int64
        let points = store.datapoints(errors, start: minute + 10_000, end: minute + 10 * 60_000, periodSeconds: 60)
        #expect(points.map(\.timestamp) == [minute, minute + 5 * 60_000])
    }

    @Test func percentilesComeFromTheSketchWithinOnePercent() {
        let clock = TestClock()
        let store = MetricStore(clock: clock.now)
        let latency = MetricKey(namespace: "AWS/ApiGateway", name: "Latency")
        var generator = SeededGenerator(seed: 15)
        var values: [Double] = []
        for _ in 0..<5_000 {
            let v = Double(generator.next() % 100_000) / 100 + 0.01
            values.append(v)
            store.record(latency, value: v, unit: .milliseconds)
        }
        values.sort()
        let exact = values[Int((0.99 * Double(values.count)).rounded(.up)) - 1]
        let point = store.datapoints(latency, start: clock.now() - 60_000, end: clock.now() + 1, periodSeconds: 60)[0]
        let p99 = point.value(.percentile(99))!
        #expect(abs(p99 - exact) / exact < 0.01, "p99 \(p99) vs exact \(exact) (seed 15)")
        #expect(point.value(.percentile(100)) == values.last)
        #expect(point.value(.percentile(0)) == values.first)
    }

    @Test func aConstantSeriesHasItsExactPercentile() {
        let store = MetricStore(clock: TestClock().now)
        for _ in 0..<10 { store.record(errors, value: 1) }
        let point = store.datapoints(errors, start: 0, end: .max, periodSeconds: 60)[0]
        #expect(point.value(.percentile(99)) == 1)
    }

    @Test func theOneSecondRingAnswersShortPeriodsWithoutPercentiles() {
        let clock = TestClock()
        let store = MetricStore(clock: clock.now)
        let t0 = clock.now()
        store.record(errors, value: 1)
        clock.advance(1_000)
        store.record(errors, value: 1)
        store.record(errors, value: 1)
        let points = store.datapoints(errors, start: t0, end: t0 + 10_000, periodSeconds: 1)
        #expect(points.map(\.sum) == [1, 2])
        #expect(points[1].value(.percentile(99)) == nil)
        // Older than the ring: gone from it, still in the minute view.
        clock.advance(Int64(MetricSeries.secondsKept) * 1000)
        store.record(errors, value: 0)
        #expect(store.datapoints(errors, start: t0, end: t0 + 10_000, periodSeconds: 1).isEmpty)
        #expect(store.datapoints(errors, start: t0, end: t0 + 10_000, periodSeconds: 60).first?.sum == 3)
    }

    @Test func aShortenedResolutionMakesOneSecondPeriods() {
        let clock = TestClock()
        let store = MetricStore(resolutionSeconds: 1, clock: clock.now)
        let t0 = clock.now()
        for _ in 0..<3 {
            store.record(errors, value: 1)
            clock.advance(1_000)
        }
        let points = store.datapoints(errors, start: t0, end: clock.now(), periodSeconds: 1)
        #expect(points.count == 3)
        #expect(points[0].value(.percentile(99)) == 1)
    }

    @Test func seriesAreBoundedToTheirNewestPeriods() {
        let clock = TestClock()
        let store = MetricStore(maxPeriods: 10, clock: clock.now)
        for _ in 0..<100 {
            store.record(errors, value: 1)
            clock.advance(60_000)
        }
        let points = store.datapoints(errors, start: 0, end: .max, periodSeconds: 60)
        #expect(points.count >= 10 && points.count <= 42)
        #expect(points.last?.timestamp == clock.now() - 60_000)
    }

    @Test func theFactoryRoutesLabelsToNamespacedSeriesWithUnits() {
        let clock = TestClock()
        let store = MetricStore(clock: clock.now)
        let factory = CloudWatchMetricsFactory(store: store, region: "us-east-2")
        let counter = Counter(label: "AWS/Lambda/Invocations", dimensions: [("FunctionName", "f")], factory: factory)
        let timer = CoreMetrics.Timer(label: "AWS/Lambda/Duration", dimensions: [("FunctionName", "f")], factory: factory)
        let gauge = Gauge(label: "RegionStack/Replication/Term", dimensions: [("Node", "us-east-1")], factory: factory)
        counter.increment()
        counter.increment(by: 2)
        timer.recordNanoseconds(2_500_000)
        gauge.record(7)
        let invocations = MetricKey(region: "us-east-2", namespace: "AWS/Lambda", name: "Invocations", dimensions: ["FunctionName": "f"])
        #expect(store.counter(invocations) == 3)
        #expect(store.existing(invocations)?.unit == .count)
        let duration = MetricKey(region: "us-east-2", namespace: "AWS/Lambda", name: "Duration", dimensions: ["FunctionName": "f"])
        #expect(store.gauge(duration) == 2.5)
        #expect(store.existing(duration)?.unit == .milliseconds)
        #expect(store.gauge(MetricKey(region: "us-east-2", namespace: "RegionStack/Replication", name: "Term", dimensions: ["Node": "us-east-1"])) == 7)
        #expect(store.all(region: "us-east-1").isEmpty)
        #expect(store.all(region: "us-east-2").count == 3)
    }

    @Test func dimensionFiltersMatchAsListMetricsDoes() {
        let key = MetricKey(namespace: "AWS/ApiGateway", name: "Count", dimensions: ["ApiName": "a", "Stage": "prod"])
        #expect(key.matches([("ApiName", "a")]))
        #expect(key.matches([("Stage", nil)]))
        #expect(!key.matches([("Stage", "dev")]))
        #expect(!key.matches([("Method", nil)]))
        #expect(key == MetricKey(namespace: "AWS/ApiGateway", name: "Count", dimensions: ["Stage": "prod", "ApiName": "a"]))
    }

    @Test func statisticsParseAndPrintAsCloudWatchNamesThem() {
        for name in ["Sum", "Average", "Minimum", "Maximum", "SampleCount", "p99", "p99.9", "p50"] {
            #expect(MetricStatistic(name)?.name == name)
        }
        #expect(MetricStatistic("p101") == nil)
        #expect(MetricStatistic("Median") == nil)
        #expect(MetricStatistic("p99")?.isExtended == true)
    }
}
