import CoreMetrics
import Observability
import Testing

@Suite struct PrometheusTests {
    @Test func cloudWatchNamesBecomePrometheusNames() {
        #expect(PrometheusNaming.metricName("AWS/Lambda/Invocations", kind: .counter) == "aws_lambda_invocations_total")
        #expect(PrometheusNaming.metricName("AWS/ApiGateway/4XXError", kind: .counter) == "aws_api_gateway_4xx_error_total")
        #expect(PrometheusNaming.metricName("AWS/ApiGateway/IntegrationLatency", kind: .timer) == "aws_api_gateway_integration_latency_seconds")
        #expect(PrometheusNaming.metricName("AWS/AuroraDSQL/OccConflicts", kind: .counter) == "aws_aurora_dsql_occ_conflicts_total")
        #expect(PrometheusNaming.metricName("RegionStack/Replication/CommitIndex", kind: .gauge) == "regionstack_replication_commit_index")
        #expect(PrometheusNaming.labelName("FunctionName") == "function_name")
        #expect(PrometheusNaming.labelName("ClusterId") == "cluster_id")
        #expect(PrometheusNaming.labelName("HealthCheckId") == "health_check_id")
    }

    @Test func theHubFeedsBothViewsAndKeepsRegionsApart() {
        let clock = TestClock()
        let hub = MetricsHub(store: MetricStore(clock: clock.now))
        for region in ["us-east-1", "us-east-2"] {
            let c = Counter(label: "AWS/Lambda/Invocations", dimensions: [("FunctionName", "f-\(region)")], factory: hub.factory(region: region))
            c.increment(by: region == "us-east-1" ? 10 : 3)
        }
        let text = String(decoding: hub.prometheusText(), as: UTF8.self)
        #expect(text.contains("# TYPE aws_lambda_invocations_total counter"))
        #expect(text.contains(#"aws_lambda_invocations_total{function_name="f-us-east-1",region="us-east-1"} 10"#))
        #expect(text.contains(#"aws_lambda_invocations_total{function_name="f-us-east-2",region="us-east-2"} 3"#))
        let key = MetricKey(region: "us-east-1", namespace: "AWS/Lambda", name: "Invocations", dimensions: ["FunctionName": "f-us-east-1"])
        #expect(hub.store.counter(key) == 10)
        #expect(hub.factory(region: "us-east-1") as AnyObject === hub.factory(region: "us-east-1") as AnyObject)
    }

    @Test func aDisabledHubRecordsNothing() {
        let hub = MetricsHub(enabled: false)
        Counter(label: "AWS/Lambda/Invocations", factory: hub.factory(region: "us-east-1")).increment()
        #expect(hub.store.all().isEmpty)
        #expect(hub.prometheusText().isEmpty)
    }
}
