"""Checks the stack's metrics, logs and alarms with prometheus_client, boto3 and awscli v1.

usage: observability_clients.py <section> <edge-url> <admin-url> <outputs.json>
Sections:
  metrics  - 10 requests (2 failing) through the primary API, then Invocations 10 / Errors 2 in
             the right minute through /metrics (prometheus_client's parser plus strict checks)
             and `aws cloudwatch get-metric-statistics` / boto3 / get-metric-data / list-metrics.
  logs     - `aws logs describe-log-groups`, `filter-log-events` (REPORT lines), streams, events.
  alarms   - `aws cloudwatch describe-alarms` shows the seed's five alarms per function.
Exits non-zero with the failing check; prints "OK <section>".
"""
import datetime
import json
import os
import re
import subprocess
import sys
import time
import urllib.request

import boto3
import botocore.exceptions
from prometheus_client.parser import text_string_to_metric_families

section, edge, admin, outputs_path = sys.argv[1:5]
os.environ.setdefault("AWS_ACCESS_KEY_ID", "test")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "test")
outputs = json.load(open(outputs_path))


def out(name):
    value = outputs[name]
    return value["value"] if isinstance(value, dict) and "value" in value and "sensitive" in value else value


def expect(condition, message):
    if not condition:
        raise SystemExit("FAILED: " + message)


def aws(*args, region="us-east-1"):
    command = ["aws", "--endpoint-url", edge, "--region", region, "--output", "json"] + list(args)
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    expect(done.returncode == 0, "%s: exit %d\n%s%s" % (" ".join(args), done.returncode, done.stdout, done.stderr))
    return json.loads(done.stdout) if done.stdout.strip() else {}


def aws_error(*args, region="us-east-1"):
    command = ["aws", "--endpoint-url", edge, "--region", region] + list(args)
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    expect(done.returncode != 0, "%s should fail" % " ".join(args))
    return done.stderr


def http(url, method="GET", body=None):
    request = urllib.request.Request(url, method=method, data=body)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


functions = out("lambda_functions")
primary_fn = functions["primary"]["function_name"]
secondary_fn = functions["secondary"]["function_name"]
apis = out("api_gateway_endpoints")


def strict_prometheus(text):
    """prometheus_client's parser, plus the rules it does not enforce."""
    families = list(text_string_to_metric_families(text))
    expect(families, "no metric families")
    name_re = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
    label_re = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
    declared = {}
    seen_series = set()
    for line in text.splitlines():
        if not line:
            continue
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            expect(name not in declared, "TYPE declared twice: " + name)
            expect(kind in ("counter", "gauge", "histogram", "summary", "untyped"), "bad type " + line)
            declared[name] = kind
            continue
        if line.startswith("#"):
            expect(line.startswith("# HELP "), "unknown comment: " + line)
            continue
        series = line.rsplit(" ", 1)[0]
        expect(series not in seen_series, "duplicate series " + series)
        seen_series.add(series)
        base = re.split(r"[{ ]", line, 1)[0]
        family = re.sub(r"_(bucket|sum|count)$", "", base)
        expect(base in declared or family in declared, "sample before its TYPE: " + line)
    for family in families:
        expect(name_re.match(family.name), "bad metric name " + family.name)
        buckets = {}
        counts = {}
        for sample in family.samples:
            for label in sample.labels:
                expect(label_re.match(label), "bad label name %s in %s" % (label, family.name))
            if family.type == "counter":
                expect(sample.value >= 0, "negative counter " + str(sample))
            if family.type == "histogram":
                key = tuple(sorted((k, v) for k, v in sample.labels.items() if k != "le"))
                if sample.name.endswith("_bucket"):
                    buckets.setdefault(key, []).append((float(sample.labels["le"]), sample.value))
                elif sample.name.endswith("_count"):
                    counts[key] = sample.value
        for key, items in buckets.items():
            values = [v for _, v in items]
            expect(values == sorted(values), "histogram buckets not cumulative in %s %s" % (family.name, key))
            expect(items[-1][0] == float("inf"), "histogram without +Inf in " + family.name)
            expect(items[-1][1] == counts.get(key), "+Inf bucket != _count in %s %s" % (family.name, key))
    return families


def sample_value(families, name, **labels):
    for family in families:
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
    return None


def check_metrics():
    port = int(sys.argv[5])
    # Keep the workload inside one minute, so "the right period" is one datapoint.
    while datetime.datetime.now(datetime.timezone.utc).second > 50:
        time.sleep(1)
    started = datetime.datetime.now(datetime.timezone.utc)
    minute = started.replace(second=0, microsecond=0)
    statuses = []
    for i in range(10):
        path = "/prod/health?fail=1" if i in (3, 7) else "/prod/health"
        status, _ = http("http://127.0.0.1:%d%s" % (port, path))
        statuses.append(status)
    expect(statuses.count(200) == 8 and statuses.count(502) == 2, "statuses %s" % statuses)
    ended = datetime.datetime.now(datetime.timezone.utc)
    expect(ended.replace(second=0, microsecond=0) == minute, "the workload crossed a minute boundary")

    status, text = http(admin + "/metrics")
    expect(status == 200, "/metrics %d" % status)
    families = strict_prometheus(text)
    labels = {"function_name": primary_fn, "region": "us-east-1"}
    expect(sample_value(families, "aws_lambda_invocations_total", **labels) == 10,
           "prometheus invocations %s" % sample_value(families, "aws_lambda_invocations_total", **labels))
    expect(sample_value(families, "aws_lambda_errors_total", **labels) == 2, "prometheus errors")
    expect(sample_value(families, "aws_lambda_duration_seconds_count", **labels) == 10, "prometheus duration count")
    expect(sample_value(families, "aws_api_gateway_count_total", stage="prod", region="us-east-1") == 10, "prometheus api count")
    expect(sample_value(families, "aws_api_gateway_5xx_error_total", stage="prod", region="us-east-1") == 2, "prometheus 5xx")

    start = (minute - datetime.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (minute + datetime.timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    dims = "Name=FunctionName,Value=" + primary_fn
    for metric, expected in (("Invocations", 10), ("Errors", 2)):
        answer = aws("cloudwatch", "get-metric-statistics", "--namespace", "AWS/Lambda", "--metric-name", metric,
                     "--dimensions", dims, "--start-time", start, "--end-time", end, "--period", "60",
                     "--statistics", "Sum", "SampleCount", "Average")
        points = answer["Datapoints"]
        expect(len(points) == 1, "%s datapoints %s" % (metric, points))
        point = points[0]
        # awscli v1 prints timestamps as they came over the wire: epoch seconds in the json protocol.
        stamp = point["Timestamp"]
        stamp = (datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc) if isinstance(stamp, (int, float))
                 else datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00")))
        expect(stamp == minute, "%s in period %s, expected %s" % (metric, stamp, minute))
        expect(point["Sum"] == expected, "%s Sum %s" % (metric, point))
        expect(point["SampleCount"] == 10, "%s SampleCount %s" % (metric, point))
        expect(point["Unit"] == "Count", "%s unit %s" % (metric, point))
    # The other region's function had none.
    other = aws("cloudwatch", "get-metric-statistics", "--namespace", "AWS/Lambda", "--metric-name", "Invocations",
                "--dimensions", "Name=FunctionName,Value=" + secondary_fn, "--start-time", start, "--end-time", end,
                "--period", "60", "--statistics", "Sum", region="us-east-2")
    expect(other["Datapoints"] == [], "secondary had invocations: %s" % other)

    cw = boto3.client("cloudwatch", endpoint_url=edge, region_name="us-east-1")
    stats = cw.get_metric_statistics(
        Namespace="AWS/Lambda", MetricName="Duration", Dimensions=[{"Name": "FunctionName", "Value": primary_fn}],
        StartTime=minute - datetime.timedelta(minutes=5), EndTime=minute + datetime.timedelta(minutes=2), Period=60,
        Statistics=["Maximum", "Minimum"], ExtendedStatistics=["p99"])
    point = stats["Datapoints"][0]
    expect(point["Unit"] == "Milliseconds", "duration unit %s" % point)
    expect(point["Minimum"] <= point["ExtendedStatistics"]["p99"] <= point["Maximum"], "p99 within range %s" % point)
    metrics = cw.list_metrics(Namespace="AWS/ApiGateway", MetricName="Count")["Metrics"]
    expect(len(metrics) == 1, "ApiGateway Count series %s" % metrics)
    api_dims = {d["Name"]: d["Value"] for d in metrics[0]["Dimensions"]}
    expect(api_dims["Stage"] == "prod" and api_dims["ApiName"].endswith("-primary"), "api dims %s" % api_dims)
    data = cw.get_metric_data(
        MetricDataQueries=[
            {"Id": "count", "MetricStat": {"Metric": {"Namespace": "AWS/ApiGateway", "MetricName": "Count",
                                                       "Dimensions": metrics[0]["Dimensions"]}, "Period": 60, "Stat": "Sum"}},
            {"Id": "errors", "MetricStat": {"Metric": {"Namespace": "AWS/ApiGateway", "MetricName": "5XXError",
                                                        "Dimensions": metrics[0]["Dimensions"]}, "Period": 60, "Stat": "Average"}},
        ],
        StartTime=minute - datetime.timedelta(minutes=5), EndTime=minute + datetime.timedelta(minutes=2))
    results = {r["Id"]: r for r in data["MetricDataResults"]}
    expect(results["count"]["Values"] == [10.0], "GetMetricData count %s" % results["count"])
    expect(results["errors"]["Values"] == [0.2], "GetMetricData 5XX rate %s" % results["errors"])
    expect(results["count"]["Timestamps"][0] == minute, "GetMetricData timestamp %s" % results["count"]["Timestamps"])
    names = {m["MetricName"] for m in cw.list_metrics(Namespace="AWS/Lambda")["Metrics"]}
    expect({"Invocations", "Errors", "Duration", "Throttles", "ConcurrentExecutions"} <= names, "lambda metrics %s" % names)
    code = error_code(lambda: cw.get_metric_statistics(
        Namespace="AWS/Lambda", MetricName="Errors", StartTime=minute, EndTime=minute + datetime.timedelta(minutes=1),
        Period=45, Statistics=["Sum"]))
    expect(code[0] == "InvalidParameterValue", "period 45: %s" % (code,))
    code = error_code(lambda: cw.get_metric_data(
        MetricDataQueries=[{"Id": "e", "Expression": "SUM(METRICS())"}], StartTime=minute,
        EndTime=minute + datetime.timedelta(minutes=1)))
    expect(code[0] == "InvalidParameterValue" and "not implemented by this emulator" in code[1], "expression: %s" % (code,))
    stderr = aws_error("cloudwatch", "put-metric-data", "--namespace", "X", "--metric-name", "Y", "--value", "1")
    expect("UnknownOperationException" in stderr and "not implemented by this emulator" in stderr, stderr)


def error_code(call):
    try:
        call()
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"].get("Message", "")
    raise SystemExit("FAILED: expected an error")


def check_logs():
    port = int(sys.argv[5])
    for _ in range(3):
        http("http://127.0.0.1:%d/prod/health" % port)
    group = "/aws/lambda/" + primary_fn
    groups = aws("logs", "describe-log-groups")["logGroups"]
    by_name = {g["logGroupName"]: g for g in groups}
    expect(group in by_name, "groups %s" % list(by_name))
    expect(by_name[group]["retentionInDays"] == 7, "retention %s" % by_name[group])
    expect(by_name[group]["arn"].endswith(":log-group:%s:*" % group), "arn %s" % by_name[group])
    api_id = apis["primary"]["api_id"]
    expect("/aws/apigateway/" + api_id in by_name, "api access log group missing: %s" % list(by_name))
    expect("/aws/lambda/" + secondary_fn not in by_name, "us-east-1 lists us-east-2's group")
    secondary = aws("logs", "describe-log-groups", "--log-group-name-prefix", "/aws/lambda/", region="us-east-2")["logGroups"]
    expect([g["logGroupName"] for g in secondary] == ["/aws/lambda/" + secondary_fn], "us-east-2 groups %s" % secondary)

    events = aws("logs", "filter-log-events", "--log-group-name", group, "--filter-pattern", "REPORT")["events"]
    reports = [e for e in events if e["message"].startswith("REPORT RequestId:")]
    expect(len(reports) == 3 and len(events) == 3, "REPORT lines %s" % [e["message"] for e in events])
    expect(all("Duration:" in e["message"] and "Max Memory Used:" in e["message"] for e in reports), "REPORT shape")
    starts = aws("logs", "filter-log-events", "--log-group-name", group, "--filter-pattern", '"START RequestId"')["events"]
    expect(len(starts) == 3, "START lines %s" % starts)
    either = aws("logs", "filter-log-events", "--log-group-name", group, "--filter-pattern", "?START ?END")["events"]
    expect(len(either) == 6, "?START ?END: %d" % len(either))
    stream = aws("logs", "describe-log-streams", "--log-group-name", group, "--order-by", "LastEventTime",
                 "--descending")["logStreams"][0]["logStreamName"]
    expect(re.match(r"^\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}$", stream), "stream name %s" % stream)
    got = aws("logs", "get-log-events", "--log-group-name", group, "--log-stream-name", stream, "--start-from-head")
    messages = [e["message"] for e in got["events"]]
    expect(messages[0].startswith("START RequestId:") and any(m.startswith("REPORT") for m in messages), "events %s" % messages)
    access = aws("logs", "filter-log-events", "--log-group-name", "/aws/apigateway/" + api_id)["events"]
    expect(len(access) == 3 and json.loads(access[0]["message"])["status"] == "200", "access logs %s" % access)

    logs = boto3.client("logs", endpoint_url=edge, region_name="us-east-1")
    pages = list(logs.get_paginator("filter_log_events").paginate(logGroupName=group, PaginationConfig={"PageSize": 2}))
    expect(sum(len(p["events"]) for p in pages) == 9 and len(pages) >= 5, "paginated %s" % [len(p["events"]) for p in pages])
    code = error_code(lambda: logs.filter_log_events(logGroupName="/aws/lambda/nope"))
    expect(code == ("ResourceNotFoundException", "The specified log group does not exist."), "missing group %s" % (code,))
    code = error_code(lambda: logs.filter_log_events(logGroupName=group, filterPattern="{ $.x = 1 }"))
    expect(code[0] == "InvalidParameterException" and "not implemented by this emulator" in code[1], "json pattern %s" % (code,))
    stderr = aws_error("logs", "list-tags-log-group", "--log-group-name", group)
    expect("UnknownOperationException" in stderr and "not implemented by this emulator" in stderr, stderr)


SEED_ALARMS = {
    "error-rate": ("Errors", "Sum", 60, 2, "GreaterThanThreshold", 5.0),
    "duration": ("Duration", "Average", 60, 2, "GreaterThanThreshold", 10000.0),
    "throttles": ("Throttles", "Sum", 60, 1, "GreaterThanThreshold", 0.0),
    "concurrent-executions": ("ConcurrentExecutions", "Maximum", 60, 2, "GreaterThanThreshold", 100.0),
}


def check_alarms():
    for fn, region in ((primary_fn, "us-east-1"), (secondary_fn, "us-east-2")):
        alarms = aws("cloudwatch", "describe-alarms", region=region)["MetricAlarms"]
        by_name = {a["AlarmName"]: a for a in alarms}
        expected = {"%s-%s" % (fn, suffix) for suffix in list(SEED_ALARMS) + ["invocation-anomaly"]}
        expect(set(by_name) == expected, "%s alarms %s" % (region, sorted(by_name)))
        for suffix, (metric, stat, period, evaluations, operator, threshold) in SEED_ALARMS.items():
            a = by_name["%s-%s" % (fn, suffix)]
            got = (a["MetricName"], a["Statistic"], a["Period"], a["EvaluationPeriods"], a["ComparisonOperator"], a["Threshold"])
            expect(got == (metric, stat, period, evaluations, operator, threshold), "%s: %s" % (suffix, got))
            expect(a["Namespace"] == "AWS/Lambda" and a["Dimensions"] == [{"Name": "FunctionName", "Value": fn}], "dims %s" % a)
            expect(a["StateValue"] in ("OK", "ALARM", "INSUFFICIENT_DATA"), "state %s" % a["StateValue"])
            expect(a["AlarmArn"] == "arn:aws:cloudwatch:%s:%s:alarm:%s" % (region, a["AlarmArn"].split(":")[4], a["AlarmName"]), a["AlarmArn"])
        anomaly = by_name["%s-invocation-anomaly" % fn]
        expect(anomaly["ComparisonOperator"] == "LessThanLowerOrGreaterThanUpperThreshold", "anomaly op")
        expect(anomaly["EvaluationPeriods"] == 3 and anomaly["ThresholdMetricId"] == "ad1", "anomaly %s" % anomaly)
        queries = {q["Id"]: q for q in anomaly["Metrics"]}
        expect(queries["ad1"]["Expression"] == "ANOMALY_DETECTION_BAND(m1, 2)", "band %s" % queries)
        expect(queries["m1"]["MetricStat"]["Period"] == 300 and queries["m1"]["MetricStat"]["Stat"] == "Sum", "m1 %s" % queries)
        expect(queries["m1"]["MetricStat"]["Metric"]["MetricName"] == "Invocations", "m1 metric")
    prefix = aws("cloudwatch", "describe-alarms", "--alarm-name-prefix", primary_fn + "-e")["MetricAlarms"]
    expect([a["AlarmName"] for a in prefix] == [primary_fn + "-error-rate"], "prefix %s" % prefix)
    history = aws("cloudwatch", "describe-alarm-history", "--alarm-name", primary_fn + "-error-rate")["AlarmHistoryItems"]
    expect(history and history[-1]["HistoryItemType"] == "ConfigurationUpdate", "history %s" % history)
    cw = boto3.client("cloudwatch", endpoint_url=edge, region_name="us-east-1")
    insufficient = cw.describe_alarms(StateValue="INSUFFICIENT_DATA")["MetricAlarms"]
    expect(len(insufficient) == 5, "all five start in INSUFFICIENT_DATA: %s" % [a["AlarmName"] for a in insufficient])
    code = error_code(lambda: cw.describe_alarms(StateValue="RED"))
    expect(code[0] == "InvalidParameterValue", "bad state %s" % (code,))


{"metrics": check_metrics, "logs": check_logs, "alarms": check_alarms}[section]()
print("OK " + section)
