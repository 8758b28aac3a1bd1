import Lambda
import Testing

@Suite struct FunctionConfigurationTests {
    @Test func reservedKeyIsRefusedWithAWSText() throws {
        let configuration = FunctionConfiguration(
            functionName: "f", environment: ["AWS_REGION": "us-east-1", "DATABASE_NAME": "postgres"])
        #expect(throws: LambdaError.self) { try configuration.validate() }
        do {
            try configuration.validate()
        } catch {
            #expect(error.code == "InvalidParameterValueException")
            #expect(error.httpStatus == 400)
            #expect(
                error.message
                    == "Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: AWS_REGION"
            )
            #expect(error.headers["x-amzn-ErrorType"] == "InvalidParameterValueException")
        }
    }

    @Test func severalReservedKeysAreSortedAndCommaSpaceSeparated() {
        let configuration = FunctionConfiguration(
            functionName: "f", environment: ["_HANDLER": "x", "AWS_REGION": "y", "AWS_ACCESS_KEY_ID": "z", "OK": "1"])
        do {
            try configuration.validate()
            Issue.record("expected a refusal")
        } catch {
            #expect(error.message.hasSuffix("Reserved keys used in this request: AWS_ACCESS_KEY_ID, AWS_REGION, _HANDLER"))
        }
    }

    @Test func registrationRefusesReservedKeys() {
        let invoker = LambdaInvoker()
        let configuration = FunctionConfiguration(functionName: "f", environment: ["AWS_REGION": "us-east-1"])
        #expect(throws: LambdaError.reservedEnvironmentKeys(["AWS_REGION"])) {
            try invoker.register(configuration, handler: ScriptedHandler.self)
        }
        #expect(invoker.functionNames().isEmpty)
    }

    @Test func everyReservedKeyIsRefused() {
        for key in ReservedEnvironmentKeys.all {
            let configuration = FunctionConfiguration(functionName: "f", environment: [key: "v"])
            #expect(throws: LambdaError.reservedEnvironmentKeys([key]), "\(key)") { try configuration.validate() }
        }
        #expect(ReservedEnvironmentKeys.all.count == 18)
    }

    @Test func limitsAreChecked() {
        #expect(throws: LambdaError.self) { try FunctionConfiguration(functionName: "bad name").validate() }
        #expect(throws: LambdaError.self) { try FunctionConfiguration(functionName: "f", timeout: .seconds(901)).validate() }
        #expect(throws: LambdaError.self) { try FunctionConfiguration(functionName: "f", memorySize: 64).validate() }
        #expect(throws: LambdaError.self) {
            try FunctionConfiguration(functionName: "f", reservedConcurrentExecutions: -1).validate()
        }
        #expect(throws: Never.self) {
            try FunctionConfiguration(functionName: "ok-name_1", timeout: .seconds(30), memorySize: 512).validate()
        }
    }

    @Test func reservationsMustLeaveTheUnreservedMinimum() throws {
        let invoker = LambdaInvoker()
        try invoker.register(FunctionConfiguration(functionName: "a", reservedConcurrentExecutions: 900), handler: ScriptedHandler.self)
        #expect(throws: LambdaError.self) {
            try invoker.register(FunctionConfiguration(functionName: "b", reservedConcurrentExecutions: 1), handler: ScriptedHandler.self)
        }
        #expect(throws: LambdaError.functionExists("a")) {
            try invoker.register(FunctionConfiguration(functionName: "a"), handler: ScriptedHandler.self)
        }
    }

    @Test func arnAndLogGroup() {
        let configuration = FunctionConfiguration(functionName: "fn", region: "us-east-2", accountID: "123456789012")
        #expect(configuration.functionARN == "arn:aws:lambda:us-east-2:123456789012:function:fn")
        #expect(configuration.logGroupName == "/aws/lambda/fn")
        let variables = configuration.runtimeEnvironment(logStreamName: "s")
        #expect(variables["AWS_LAMBDA_LOG_GROUP_NAME"] == "/aws/lambda/fn")
        #expect(variables["_HANDLER"] == "lambda_function.lambda_handler")
        #expect(variables["AWS_LAMBDA_FUNCTION_VERSION"] == "$LATEST")
    }
}
