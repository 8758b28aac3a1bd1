/// How a service's requests name their operation and carry their input (botocore's
/// `metadata.protocol`).
public enum AWSProtocol: Sendable, Equatable {
    /// `rest-json`: the method and URI template name the operation (Lambda, API Gateway, DSQL).
    case restJSON
    /// `json`: `POST /` with `X-Amz-Target: <targetPrefix>.<Operation>` (CloudWatch Logs, X-Ray
    /// data plane services); `version` is the content type's `1.0` or `1.1`.
    case json(targetPrefix: String, version: String)
    /// `query`: a form body (or query string) with `Action=<Operation>&Version=...`; XML answers
    /// (STS, CloudWatch).
    case query(xmlNamespace: String)
}
