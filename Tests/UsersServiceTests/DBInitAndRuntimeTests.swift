import DSQLClient
import Lambda
import Testing
@testable import UsersService

@Suite("db-init and the Lambda runtime")
struct DBInitAndRuntimeTests {
    @Test func dbInitCreatesTheDSQLSchemaAndSampleUsersIdempotently() async {
        let db = InMemoryUsersDatabase(tableExists: false)
        let handler = DBInitHandler(
            database: db, environment: ["DATABASE_NAME": "postgres", "CREATE_SAMPLE_DATA": "True"], retry: Fixture.noWait)
        let first = await handler.run(requestID: "init-1")
        #expect(
            first.text
                == #"{"statusCode": 200, "body": {"message": "Database initialization completed successfully", "database_name": "postgres", "sample_data_created": true, "timestamp": "init-1"}}"#)
        #expect(Array(db.statements.prefix(2)) == DBInitHandler.schemaStatements)
        #expect(db.statements.dropFirst(2).allSatisfy { $0 == DBInitHandler.sampleInsertSQL })
        #expect(db.rows.map(\.email) == DBInitHandler.sampleUsers.map(\.email))
        _ = await handler.run(requestID: "init-2")
        #expect(db.rows.count == 5, "ON CONFLICT DO NOTHING keeps the second run from duplicating")
        #expect(DBInitHandler.schemaStatements[1].hasPrefix("CREATE INDEX ASYNC"))
        #expect(!DBInitHandler.schemaStatements[0].contains("SERIAL"))
    }

    @Test func dbInitWithoutSampleDataAndItsFailureBody() async {
        let db = InMemoryUsersDatabase(tableExists: false)
        let quiet = DBInitHandler(database: db, environment: ["CREATE_SAMPLE_DATA": "false"], retry: Fixture.noWait)
        let ok = await quiet.run(requestID: "a")
        #expect(ok["body"]?["sample_data_created"] == .bool(false))
        #expect(db.rows.isEmpty)

        db.failNext(.unsupported("unsupported mode. please use CREATE INDEX ASYNC."))
        let failed = await quiet.run(requestID: "b")
        #expect(
            failed.text
                == #"{"statusCode": 500, "body": {"error": "Database initialization failed: unsupported mode. please use CREATE INDEX ASYNC.", "database_name": "postgres", "timestamp": "b"}}"#)
    }

    @Test func dbInitRetriesSchemaConflicts() async {
        let db = InMemoryUsersDatabase(tableExists: false)
        db.failNext(.schemaConflict, count: 2)
        let result = await DBInitHandler(database: db, environment: [:], retry: Fixture.noWait).run(requestID: "c")
        #expect(result["statusCode"] == .int(200))
    }

    /// The handler registered in a real `LambdaInvoker`: the payload is the proxy response document.
    @Test func invokedThroughTheLambdaInvokerReturnsTheProxyResponse() async throws {
        let invoker = LambdaInvoker(options: .init(region: "us-east-2", seed: 7))
        let db = InMemoryUsersDatabase()
        let config = FunctionConfiguration(
            functionName: "users-secondary", region: "us-east-2", timeout: .seconds(30), memorySize: 512,
            environment: ["REGION_TYPE": "secondary", "DSQL_ENDPOINT": "x.dsql.us-east-2.on.aws", "DATABASE_NAME": "postgres"])
        try invoker.register(config, handler: UsersHandler.self, resources: LambdaResources().withUsersDatabase(db))
        let event = #"{"resource": "/users", "path": "/users", "httpMethod": "POST", "headers": {"Content-Type": "application/json"}, "body": "{\"name\":\"Test User\",\"email\":\"test@example.com\"}", "isBase64Encoded": false}"#
        let result = try await invoker.invoke(functionName: "users-secondary", payload: Array(event.utf8))
        guard case .success(let payload) = result else { Issue.record("expected success, got \(result)"); return }
        let document = try PyJSONParser.parse(payload)
        #expect(document["statusCode"] == .int(201))
        #expect(document["headers"]?.text == Fixture.headersJSON)
        guard case .string(let body)? = document["body"] else { Issue.record("body is not a string"); return }
        let created = try PyJSONParser.parse(body)
        #expect(created["region"] == .string("secondary"))
        #expect(created["email"] == .string("test@example.com"))

        let health = try await invoker.invoke(
            functionName: "users-secondary", payload: Array(#"{"path": "/health", "httpMethod": "GET"}"#.utf8))
        guard case .success(let healthPayload) = health else { Issue.record("expected success"); return }
        guard case .string(let healthBody)? = try PyJSONParser.parse(healthPayload)["body"] else { return }
        let parsed = try PyJSONParser.parse(healthBody)
        #expect(parsed["region"] == .string("us-east-2"), "DSQL_REGION comes from the runtime's AWS_REGION")
        #expect(parsed["lambda_region"] == .string("us-east-2"))

        let garbage = try await invoker.invoke(functionName: "users-secondary", payload: Array("not json".utf8))
        guard case .functionError = garbage else { Issue.record("non-JSON event should be a function error"); return }
    }

    @Test func missingDatabaseResourceFailsInit() async throws {
        let invoker = LambdaInvoker()
        try invoker.register(FunctionConfiguration(functionName: "no-db"), handler: UsersHandler.self)
        let result = try await invoker.invoke(functionName: "no-db", payload: Array("{}".utf8))
        guard case .functionError = result else { Issue.record("expected an init failure, got \(result)"); return }
    }
}

@Suite("json.dumps compatibility and retry policy")
struct PyJSONAndRetryTests {
    @Test func dumpsLikePython() throws {
        let value = PyJSON.object([
            ("a", .string("é\"\\\n\u{1F600}\u{7F}/")), ("b", .array([.int(1), .bool(true), .null])), ("c", .object([])),
        ])
        #expect(value.text == #"{"a": "\u00e9\"\\\n\ud83d\ude00\u007f/", "b": [1, true, null], "c": {}}"#)
        #expect(try PyJSONParser.parse(value.text) == value)
        #expect(try PyJSONParser.parse(#" {"k": 1, "k": 2} "#)["k"] == .int(2))
        #expect(try PyJSONParser.parse("NaN") == .double(.nan))
        #expect(throws: PyJSONParser.Failure.self) { try PyJSONParser.parse("\"a\u{01}\"") }
        #expect(throws: PyJSONParser.Failure.self) { try PyJSONParser.parse("01") }
        #expect(throws: PyJSONParser.Failure.self) { try PyJSONParser.parse(String(repeating: "[", count: 10_000)) }
    }

    @Test func backoffCeilingsDoubleUpToTheCap() {
        let policy = RetryPolicy(maxAttempts: 6, baseDelay: .milliseconds(10), maxDelay: .milliseconds(50))
        #expect((1...5).map { policy.ceiling(afterAttempt: $0) } == [.milliseconds(10), .milliseconds(20), .milliseconds(40), .milliseconds(50), .milliseconds(50)])
    }

    @Test func withRetriesSleepsWithinTheJitterBounds() async throws {
        let policy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(8), maxDelay: .milliseconds(100))
        let sleeps = SleepLog()
        let attempts = SleepLog()
        let value = try await withRetries(policy, sleep: { await sleeps.add($0) }) { () async throws(DSQLError) -> Int in
            let n = await attempts.add(.zero)
            if n < 3 { throw .dataConflict }
            return n
        }
        #expect(value == 3)
        let recorded = await sleeps.values
        #expect(recorded.count == 2)
        #expect(recorded[0] <= .milliseconds(8) && recorded[1] <= .milliseconds(16))
    }
}

actor SleepLog {
    var values: [Duration] = []
    @discardableResult func add(_ d: Duration) -> Int {
        values.append(d)
        return values.count
    }
}
