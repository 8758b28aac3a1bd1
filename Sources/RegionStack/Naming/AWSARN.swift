/// Builders for the ARNs, endpoints and log group names of the seed's resources.
///
/// Every string follows the form AWS (and the Terraform provider's attributes) return, so
/// outputs and error messages look like a real deployment's. The partition is always `aws`.
public enum AWSARN {
    /// The account id used when none is configured.
    public static let defaultAccountID = "000000000000"

    /// `arn:aws:dsql:<region>:<account>:cluster/<id>`
    public static func dsqlCluster(region: String, account: String, id: String) -> String {
        "arn:aws:dsql:\(region):\(account):cluster/\(id)"
    }

    /// The data-plane endpoint `<id>.dsql.<region>.on.aws` (port 5432).
    public static func dsqlEndpoint(region: String, id: String) -> String {
        "\(id).dsql.\(region).on.aws"
    }

    /// `arn:aws:lambda:<region>:<account>:function:<name>`
    public static func lambdaFunction(region: String, account: String, name: String) -> String {
        "arn:aws:lambda:\(region):\(account):function:\(name)"
    }

    /// The API Gateway integration URI for a function ARN (`invoke_arn`).
    public static func lambdaInvoke(region: String, functionARN: String) -> String {
        "arn:aws:apigateway:\(region):lambda:path/2015-03-31/functions/\(functionARN)/invocations"
    }

    /// `arn:aws:apigateway:<region>::/restapis/<id>`
    public static func restAPI(region: String, id: String) -> String {
        "arn:aws:apigateway:\(region)::/restapis/\(id)"
    }

    /// `arn:aws:execute-api:<region>:<account>:<id>` (append `/stage/METHOD/path` for a route).
    public static func executeAPI(region: String, account: String, id: String) -> String {
        "arn:aws:execute-api:\(region):\(account):\(id)"
    }

    /// `arn:aws:apigateway:<region>::/restapis/<id>/stages/<stage>`
    public static func stage(region: String, apiID: String, stage: String) -> String {
        "arn:aws:apigateway:\(region)::/restapis/\(apiID)/stages/\(stage)"
    }

    /// The public invoke URL `https://<id>.execute-api.<region>.amazonaws.com/<stage>`.
    public static func invokeURL(region: String, apiID: String, stage: String) -> String {
        "https://\(executeAPIHost(region: region, apiID: apiID))/\(stage)"
    }

    /// `<id>.execute-api.<region>.amazonaws.com`
    public static func executeAPIHost(region: String, apiID: String) -> String {
        "\(apiID).execute-api.\(region).amazonaws.com"
    }

    /// `arn:aws:logs:<region>:<account>:log-group:<name>` (the provider's form, without `:*`).
    public static func logGroup(region: String, account: String, name: String) -> String {
        "arn:aws:logs:\(region):\(account):log-group:\(name)"
    }

    /// The Lambda log group `/aws/lambda/<function>`.
    public static func lambdaLogGroupName(function: String) -> String { "/aws/lambda/\(function)" }

    /// The API Gateway access log group `/aws/apigateway/<api-id>`.
    public static func apiGatewayLogGroupName(apiID: String) -> String { "/aws/apigateway/\(apiID)" }

    /// `arn:aws:iam::<account>:role/<name>`
    public static func iamRole(account: String, name: String) -> String { "arn:aws:iam::\(account):role/\(name)" }

    /// `arn:aws:iam::<account>:policy/<name>`
    public static func iamPolicy(account: String, name: String) -> String { "arn:aws:iam::\(account):policy/\(name)" }

    /// `arn:aws:route53:::healthcheck/<id>`
    public static func route53HealthCheck(id: String) -> String { "arn:aws:route53:::healthcheck/\(id)" }
}
