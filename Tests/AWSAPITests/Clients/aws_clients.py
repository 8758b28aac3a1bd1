"""Drives the stack's edge port with boto3 and awscli v1 and checks real values.

usage: aws_clients.py <section> <edge-url> <admin-url> <outputs.json>
Sections: lambda, apigateway, dsql, awscli, errors. Exits non-zero with the failing check.
"""
import base64
import json
import os
import subprocess
import sys
import urllib.request

import boto3
import botocore.exceptions

section, edge, admin, outputs_path = sys.argv[1:5]
os.environ.setdefault("AWS_ACCESS_KEY_ID", "test")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "test")
outputs = json.load(open(outputs_path))


def out(name):
    value = outputs[name]
    return value["value"] if isinstance(value, dict) and "value" in value and "sensitive" in value else value


def client(service, region="us-east-1"):
    return boto3.client(service, endpoint_url=edge, region_name=region)


def expect(condition, message):
    if not condition:
        raise SystemExit("FAILED: " + message)


def error_code(call):
    try:
        call()
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"].get("Message", ""), e.response
    raise SystemExit("FAILED: expected an error")


functions = out("lambda_functions")
primary_fn = functions["primary"]["function_name"]
secondary_fn = functions["secondary"]["function_name"]


def check_lambda():
    lam = client("lambda")
    names = [f["FunctionName"] for f in lam.list_functions()["Functions"]]
    expect(primary_fn in names and secondary_fn not in names, f"us-east-1 functions {names}")
    lam2 = client("lambda", "us-east-2")
    expect([f["FunctionName"] for f in lam2.list_functions()["Functions"]] == [secondary_fn], "us-east-2 functions")
    fn = lam.get_function(FunctionName=primary_fn)
    cfg = fn["Configuration"]
    expect(cfg["FunctionArn"] == functions["primary"]["function_arn"], "function ARN")
    expect(cfg["Runtime"] == "python3.11" and cfg["Timeout"] == 30 and cfg["MemorySize"] == 512, f"config {cfg}")
    expect(cfg["Environment"]["Variables"]["REGION_TYPE"] == "primary", "environment")
    expect("AWS_REGION" not in cfg["Environment"]["Variables"], "reserved key not in environment")
    expect(fn["Tags"]["Environment"] == "prod", f"tags {fn.get('Tags')}")
    expect(lam.get_function_configuration(FunctionName=primary_fn)["Handler"] == "lambda_function.lambda_handler", "handler")
    versions = lam.list_versions_by_function(FunctionName=primary_fn)["Versions"]
    expect([v["Version"] for v in versions] == ["$LATEST"], "versions")
    expect(lam.list_aliases(FunctionName=primary_fn)["Aliases"] == [], "aliases")
    expect("ReservedConcurrentExecutions" not in lam.get_function_concurrency(FunctionName=primary_fn), "no reservation")
    expect(lam.put_function_concurrency(FunctionName=primary_fn, ReservedConcurrentExecutions=7)["ReservedConcurrentExecutions"] == 7, "put")
    expect(lam.get_function_concurrency(FunctionName=primary_fn)["ReservedConcurrentExecutions"] == 7, "get after put")
    expect(lam.get_function(FunctionName=primary_fn)["Concurrency"]["ReservedConcurrentExecutions"] == 7, "GetFunction concurrency")
    lam.delete_function_concurrency(FunctionName=primary_fn)
    expect("ReservedConcurrentExecutions" not in lam.get_function_concurrency(FunctionName=primary_fn), "deleted")
    tags = lam.list_tags(Resource=functions["primary"]["function_arn"])["Tags"]
    expect(tags.get("Application") == "multi-region-aurora-dsql", f"ListTags {tags}")
    policy = json.loads(lam.get_policy(FunctionName=primary_fn)["Policy"])
    statement = policy["Statement"][0]
    expect(statement["Sid"] == "apigateway-invoke" and statement["Principal"]["Service"] == "apigateway.amazonaws.com", "policy")
    code, _, _ = error_code(lambda: lam.get_policy(FunctionName=out("db_init_function_name") if "db_init_function_name" in outputs else primary_fn.replace("primary", "db-init")))
    expect(code == "ResourceNotFoundException", "db-init has no policy")
    # Invoke with the log tail.
    event = {"httpMethod": "GET", "path": "/health", "resource": "/health", "headers": {}, "requestContext": {}}
    answer = lam.invoke(FunctionName=primary_fn, Payload=json.dumps(event).encode(), LogType="Tail")
    expect(answer["StatusCode"] == 200, "invoke status")
    body = json.loads(answer["Payload"].read())
    expect(body["statusCode"] == 200 and json.loads(body["body"])["database_status"] == "healthy", f"invoke payload {body}")
    log = base64.b64decode(answer["LogResult"]).decode()
    expect(log.startswith("START RequestId: ") and "REPORT RequestId: " in log, f"tail {log!r}")
    expect(len(base64.b64decode(answer["LogResult"])) <= 4096, "tail is at most 4 KB")
    expect(lam.invoke(FunctionName=primary_fn, InvocationType="Event", Payload=b"{}")["StatusCode"] == 202, "Event")
    expect(lam.invoke(FunctionName=primary_fn, InvocationType="DryRun")["StatusCode"] == 204, "DryRun")
    expect(answer["ResponseMetadata"]["HTTPHeaders"].get("content-type") == "application/json", "one content type")
    # UpdateFunctionConfiguration: applied to new environments.
    updated = lam.update_function_configuration(
        FunctionName=primary_fn, Timeout=12, MemorySize=256,
        Environment={"Variables": dict(cfg["Environment"]["Variables"], EXTRA_SETTING="on")})
    expect(updated["Timeout"] == 12 and updated["MemorySize"] == 256, "update answer")
    again = lam.get_function_configuration(FunctionName=primary_fn)
    expect(again["Environment"]["Variables"]["EXTRA_SETTING"] == "on" and again["MemorySize"] == 256, "update kept")
    answer = lam.invoke(FunctionName=primary_fn, Payload=json.dumps(event).encode(), LogType="Tail")
    log = base64.b64decode(answer["LogResult"]).decode()
    expect("Memory Size: 256 MB" in log and "Init Duration" in log, f"new environment with 256 MB: {log!r}")
    code, message, _ = error_code(lambda: lam.update_function_configuration(
        FunctionName=primary_fn, Environment={"Variables": {"AWS_REGION": "x"}}))
    expect(code == "InvalidParameterValueException" and "AWS_REGION" in message, f"reserved key: {code} {message}")
    code, message, _ = error_code(lambda: lam.get_function(FunctionName="nope"))
    expect(code == "ResourceNotFoundException" and "function:nope" in message, f"unknown function {message}")


def check_apigateway():
    endpoints = out("api_gateway_endpoints")
    primary_id = endpoints["primary"]["api_id"]
    apigw = client("apigateway")
    apis = apigw.get_rest_apis()["items"]
    expect([a["id"] for a in apis] == [primary_id], f"rest apis {apis}")
    api = apigw.get_rest_api(restApiId=primary_id)
    expect(api["name"].endswith("-primary") and api["endpointConfiguration"]["types"] == ["REGIONAL"], "rest api")
    resources = {r["path"]: r for r in apigw.get_resources(restApiId=primary_id)["items"]}
    expect(set(resources) == {"/", "/health", "/users"}, f"resources {set(resources)}")
    expect(set(resources["/users"]["resourceMethods"]) == {"GET", "POST", "OPTIONS"}, "users methods")
    stages = apigw.get_stages(restApiId=primary_id)["item"]
    expect([s["stageName"] for s in stages] == ["prod"], "stages")
    stage = apigw.get_stage(restApiId=primary_id, stageName="prod")
    expect(stage["methodSettings"]["*/*"]["throttlingRateLimit"] == 1000.0, f"stage throttle {stage['methodSettings']}")
    deployments = apigw.get_deployments(restApiId=primary_id)["items"]
    expect([d["id"] for d in deployments] == [stage["deploymentId"]], "deployments")
    expect(apigw.get_api_keys(includeValues=True)["items"] == [], "no keys unless required")
    expect(apigw.get_usage_plans()["items"] == [], "no usage plans unless keys are required")
    # UpdateStage throttling takes effect at once: burst 1, rate 1 -> the second request is 429.
    updated = apigw.update_stage(restApiId=primary_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "1"},
        {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "1"}])
    expect(updated["methodSettings"]["*/*"]["throttlingBurstLimit"] == 1, "update answer")
    url = endpoints["primary"]["health_url"]
    statuses = []
    for _ in range(3):
        try:
            statuses.append(urllib.request.urlopen(url, timeout=10).status)
        except urllib.error.HTTPError as e:
            statuses.append(e.code)
    expect(statuses[0] == 200 and 429 in statuses[1:], f"throttled at once: {statuses}")
    apigw.update_stage(restApiId=primary_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "1000"},
        {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "2000"}])
    code, _, _ = error_code(lambda: apigw.get_rest_api(restApiId="missing123"))
    expect(code == "NotFoundException", "unknown API")


def check_apikeys():
    endpoints = out("api_gateway_endpoints")
    apigw = client("apigateway")
    keys = apigw.get_api_keys(includeValues=True)["items"]
    expect(len(keys) == 1 and len(keys[0]["value"]) == 40, f"one key with value {keys}")
    expect("value" not in apigw.get_api_keys()["items"][0], "value only with includeValues")
    plans = apigw.get_usage_plans()["items"]
    expect(plans[0]["apiStages"] == [{"apiId": endpoints["primary"]["api_id"], "stage": "prod"}], "plan stages")
    plan_keys = apigw.get_usage_plan_keys(usagePlanId=plans[0]["id"])["items"]
    expect(plan_keys[0]["value"] == keys[0]["value"] and plan_keys[0]["type"] == "API_KEY", "plan keys")


def sql(body):
    request = urllib.request.Request(admin + "/_regionstack/sql", data=json.dumps(body).encode(), method="POST")
    return json.loads(urllib.request.urlopen(request, timeout=30).read())


def check_dsql():
    clusters = out("aurora_dsql_clusters")
    d1, d2 = client("dsql", "us-east-1"), client("dsql", "us-east-2")
    own = d1.get_cluster(identifier=clusters["primary"]["cluster_id"] if "cluster_id" in clusters["primary"] else clusters["primary"]["identifier"])
    expect(own["status"] == "ACTIVE" and own["multiRegionProperties"]["witnessRegion"] == "us-west-2", f"own cluster {own}")
    expect(own["endpoint"] == clusters["primary"]["endpoint"], "own endpoint")
    # A single-Region cluster, waited for with the ClusterActive waiter, used, and deleted.
    single = d1.create_cluster(deletionProtectionEnabled=False, tags={"team": "db"})
    expect(single["status"] == "CREATING" and single["deletionProtectionEnabled"] is False, f"single create {single}")
    d1.get_waiter("cluster_active").wait(identifier=single["identifier"], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    answer = sql({"cluster": single["identifier"], "statements": [
        {"sql": "CREATE TABLE notes (id int PRIMARY KEY, body text)"}]})
    expect("error" not in answer["results"][0], f"create table {answer}")
    answer = sql({"cluster": single["endpoint"], "statements": [
        {"sql": "INSERT INTO notes VALUES (1, 'hello')"}, {"sql": "SELECT body FROM notes"}]})
    expect(answer["results"][1]["rows"] == [["hello"]], f"select {answer}")
    own_tables = sql({"region": "us-east-1", "statements": [{"sql": "SELECT count(*) FROM notes"}]})
    expect("error" in own_tables["results"][0], "the new cluster is independent of the stack's")
    arn = single["arn"]
    d1.tag_resource(resourceArn=arn, tags={"owner": "me"})
    expect(d1.list_tags_for_resource(resourceArn=arn)["tags"] == {"team": "db", "owner": "me"}, "tags")
    d1.untag_resource(resourceArn=arn, tagKeys=["team"])
    expect(d1.list_tags_for_resource(resourceArn=arn)["tags"] == {"owner": "me"}, "untag")
    name = d1.get_vpc_endpoint_service_name(identifier=single["identifier"])["serviceName"]
    expect(name.startswith("com.amazonaws.us-east-1.dsql-") and len(name) == len("com.amazonaws.us-east-1.dsql-") + 6, name)
    # Pagination over three clusters.
    extra = d1.create_cluster(deletionProtectionEnabled=False)
    pages = list(d1.get_paginator("list_clusters").paginate(PaginationConfig={"PageSize": 1}))
    ids = [c["identifier"] for p in pages for c in p["clusters"]]
    expect(len(pages) == 3 and len(set(ids)) == 3 and single["identifier"] in ids, f"pages {ids}")
    first = d1.list_clusters(maxResults=2)
    expect(len(first["clusters"]) == 2 and "nextToken" in first, "max-results 2")
    rest = d1.list_clusters(maxResults=2, nextToken=first["nextToken"])
    expect(len(rest["clusters"]) == 1 and "nextToken" not in rest, "next-token")
    for created in (single, extra):
        d1.delete_cluster(identifier=created["identifier"])
        d1.get_waiter("cluster_not_exists").wait(identifier=created["identifier"], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    code, _, response = error_code(lambda: d1.get_cluster(identifier=single["identifier"]))
    expect(code == "ResourceNotFoundException" and response["ResponseMetadata"]["HTTPStatusCode"] == 404, "gone")
    # A peered multi-Region pair, protected at first.
    a = d1.create_cluster(multiRegionProperties={"witnessRegion": "us-west-2"})
    expect(a["status"] == "PENDING_SETUP" and a["deletionProtectionEnabled"] is True, f"pair side 1 {a}")
    expect(a["multiRegionProperties"]["clusters"] == [a["arn"]], "own ARN listed")
    b = d2.create_cluster(multiRegionProperties={"witnessRegion": "us-west-2", "clusters": [a["arn"]]})
    expect(d2.get_cluster(identifier=b["identifier"])["status"] == "PENDING_SETUP", "side 2 waits for side 1")
    expect(d1.get_cluster(identifier=a["identifier"])["status"] == "PENDING_SETUP", "side 1 waits")
    d1.update_cluster(identifier=a["identifier"], multiRegionProperties={"witnessRegion": "us-west-2", "clusters": [b["arn"]]})
    d1.get_waiter("cluster_active").wait(identifier=a["identifier"], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    d2.get_waiter("cluster_active").wait(identifier=b["identifier"], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    got = d2.get_cluster(identifier=b["identifier"])
    expect(sorted(got["multiRegionProperties"]["clusters"]) == sorted([a["arn"], b["arn"]]), "peers listed")
    sql({"cluster": a["identifier"], "statements": [{"sql": "CREATE TABLE kv (k text PRIMARY KEY, v text)"}]})
    sql({"cluster": a["endpoint"], "statements": [{"sql": "INSERT INTO kv VALUES ('a', 'written in us-east-1')"}]})
    answer = sql({"cluster": b["endpoint"], "statements": [{"sql": "SELECT v FROM kv"}]})
    expect(answer["results"][0]["rows"] == [["written in us-east-1"]], f"replicated to the peer {answer}")
    # Deletion protection refuses, then allows.
    code, _, response = error_code(lambda: d1.delete_cluster(identifier=a["identifier"]))
    expect(code == "ValidationException" and response["Error"].get("reason", response.get("reason")) in (None, "deletionProtectionEnabled"), code)
    expect(json.loads(json.dumps(response)).get("reason", "deletionProtectionEnabled") == "deletionProtectionEnabled", "reason")
    for c, side in ((d1, a), (d2, b)):
        c.update_cluster(identifier=side["identifier"], deletionProtectionEnabled=False)
    first_delete = d1.delete_cluster(identifier=a["identifier"])
    expect(first_delete["status"] == "PENDING_DELETE", f"first side waits {first_delete}")
    expect(d2.delete_cluster(identifier=b["identifier"])["status"] == "DELETING", "second side deletes")
    d1.get_waiter("cluster_not_exists").wait(identifier=a["identifier"], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    d2.get_waiter("cluster_not_exists").wait(identifier=b["identifier"], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    code, _, _ = error_code(lambda: d1.delete_cluster(identifier=own["identifier"]))
    expect(code == "ValidationException", "the stack's own cluster is not deleted through the API")


def check_errors():
    import urllib.error
    auth = "AWS4-HMAC-SHA256 Credential=test/20261202/us-east-1/{}/aws4_request, SignedHeaders=host, Signature=0"
    def raw(service, method, path, headers=None, body=None):
        request = urllib.request.Request(edge + path, data=body, method=method, headers=dict({"Authorization": auth.format(service)}, **(headers or {})))
        try:
            r = urllib.request.urlopen(request, timeout=10)
            return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()
    status, headers, body = raw("lambda", "GET", "/2018-10-31/layers")
    expect(status == 400 and headers.get("x-amzn-ErrorType") == "UnknownOperationException", f"rest-json unknown op {status} {headers}")
    expect("not implemented by this emulator" in json.loads(body)["message"], "message")
    status, headers, body = raw("dynamodb", "POST", "/", {"X-Amz-Target": "DynamoDB_20120810.ListTables", "Content-Type": "application/x-amz-json-1.0"}, b"{}")
    expect(status == 400 and json.loads(body)["__type"] == "UnknownServiceException", f"json unknown service {body}")
    status, headers, body = raw("logs", "POST", "/", {"X-Amz-Target": "Logs_20140328.PutLogEvents", "Content-Type": "application/x-amz-json-1.1"}, b"{}")
    expect(status == 400 and json.loads(body)["__type"] == "UnknownOperationException", f"json unknown op {body}")
    status, headers, body = raw("sts", "POST", "/", {"Content-Type": "application/x-www-form-urlencoded"}, b"Action=AssumeRole&Version=2011-06-15")
    expect(status == 400 and b"<Code>InvalidAction</Code>" in body and b"<ErrorResponse" in body, f"query unknown op {body}")
    expect(client("sts").get_caller_identity()["Account"] == "000000000000", "sts")


def check_awscli():
    def aws(*args, region="us-east-1"):
        done = subprocess.run(["aws", "--endpoint-url", edge, "--region", region, "--output", "json", *args],
                              capture_output=True, text=True, timeout=60)
        expect(done.returncode == 0, f"aws {' '.join(args)}: {done.stderr}")
        return json.loads(done.stdout) if done.stdout.strip() else None
    endpoints = out("api_gateway_endpoints")
    clusters = out("aurora_dsql_clusters")
    expect(aws("lambda", "get-function", "--function-name", primary_fn)["Configuration"]["FunctionName"] == primary_fn, "cli get-function")
    expect(aws("lambda", "get-function-configuration", "--function-name", secondary_fn, region="us-east-2")["Environment"]["Variables"]["REGION_TYPE"] == "secondary", "cli config")
    expect(len(aws("lambda", "list-functions")["Functions"]) == 2, "cli list-functions")
    expect(aws("lambda", "list-versions-by-function", "--function-name", primary_fn)["Versions"][0]["Version"] == "$LATEST", "cli versions")
    expect(aws("lambda", "list-aliases", "--function-name", primary_fn)["Aliases"] == [], "cli aliases")
    aws("lambda", "put-function-concurrency", "--function-name", primary_fn, "--reserved-concurrent-executions", "5")
    expect(aws("lambda", "get-function-concurrency", "--function-name", primary_fn)["ReservedConcurrentExecutions"] == 5, "cli concurrency")
    aws("lambda", "delete-function-concurrency", "--function-name", primary_fn)
    expect(aws("lambda", "update-function-configuration", "--function-name", primary_fn, "--timeout", "20")["Timeout"] == 20, "cli update")
    expect("Tags" in aws("lambda", "list-tags", "--resource", functions["primary"]["function_arn"]), "cli list-tags")
    expect("apigateway-invoke" in aws("lambda", "get-policy", "--function-name", primary_fn)["Policy"], "cli get-policy")
    done = subprocess.run(["aws", "--endpoint-url", edge, "--region", "us-east-1", "lambda", "invoke", "--function-name", primary_fn,
                           "--log-type", "Tail", "--payload", '{"httpMethod":"GET","path":"/health","resource":"/health"}', "/dev/stdout"],
                          capture_output=True, text=True, timeout=60)
    expect(done.returncode == 0 and '"StatusCode": 200' in done.stdout and "LogResult" in done.stdout, f"cli invoke {done.stdout} {done.stderr}")
    expect(aws("apigateway", "get-rest-apis")["items"][0]["id"] == endpoints["primary"]["api_id"], "cli get-rest-apis")
    expect(aws("apigateway", "get-rest-api", "--rest-api-id", endpoints["secondary"]["api_id"], region="us-east-2")["name"].endswith("-secondary"), "cli get-rest-api")
    expect(len(aws("apigateway", "get-resources", "--rest-api-id", endpoints["primary"]["api_id"])["items"]) == 3, "cli resources")
    expect(aws("apigateway", "get-stages", "--rest-api-id", endpoints["primary"]["api_id"])["item"][0]["stageName"] == "prod", "cli stages")
    expect(aws("apigateway", "get-stage", "--rest-api-id", endpoints["primary"]["api_id"], "--stage-name", "prod")["tracingEnabled"] is True, "cli stage")
    expect(len(aws("apigateway", "get-deployments", "--rest-api-id", endpoints["primary"]["api_id"])["items"]) == 1, "cli deployments")
    expect(aws("apigateway", "get-api-keys", "--include-values")["items"] == [], "cli keys")
    expect(aws("apigateway", "get-usage-plans")["items"] == [], "cli plans")
    updated = aws("apigateway", "update-stage", "--rest-api-id", endpoints["primary"]["api_id"], "--stage-name", "prod",
                  "--patch-operations", "op=replace,path=/*/*/throttling/rateLimit,value=500")
    expect(updated["methodSettings"]["*/*"]["throttlingRateLimit"] == 500.0, "cli update-stage")
    own_id = clusters["primary"]["endpoint"].split(".")[0]
    expect(aws("dsql", "get-cluster", "--identifier", own_id)["status"] == "ACTIVE", "cli get-cluster")
    created = aws("dsql", "create-cluster", "--no-deletion-protection-enabled")
    expect(created["status"] == "CREATING", "cli create-cluster")
    listed = aws("dsql", "list-clusters", "--max-results", "1")
    expect(len(listed["clusters"]) == 1 and "nextToken" in listed, f"cli list-clusters page {listed}")
    expect(len(aws("dsql", "list-clusters")["clusters"]) == 2, "cli list-clusters all")
    aws("dsql", "wait", "cluster-active", "--identifier", created["identifier"])
    aws("dsql", "tag-resource", "--resource-arn", created["arn"], "--tags", "k=v")
    expect(aws("dsql", "list-tags-for-resource", "--resource-arn", created["arn"])["tags"] == {"k": "v"}, "cli tags")
    aws("dsql", "untag-resource", "--resource-arn", created["arn"], "--tag-keys", "k")
    expect("serviceName" in aws("dsql", "get-vpc-endpoint-service-name", "--identifier", created["identifier"]), "cli vpce")
    aws("dsql", "update-cluster", "--identifier", created["identifier"], "--deletion-protection-enabled")
    done = subprocess.run(["aws", "--endpoint-url", edge, "--region", "us-east-1", "dsql", "delete-cluster", "--identifier", created["identifier"]],
                          capture_output=True, text=True, timeout=60)
    expect(done.returncode != 0 and "ValidationException" in done.stderr, f"cli protected delete {done.stderr}")
    aws("dsql", "update-cluster", "--identifier", created["identifier"], "--no-deletion-protection-enabled")
    expect(aws("dsql", "delete-cluster", "--identifier", created["identifier"])["status"] == "DELETING", "cli delete")
    aws("dsql", "wait", "cluster-not-exists", "--identifier", created["identifier"])


{"lambda": check_lambda, "apigateway": check_apigateway, "apikeys": check_apikeys, "dsql": check_dsql,
 "errors": check_errors, "awscli": check_awscli}[section]()
print("OK " + section)
