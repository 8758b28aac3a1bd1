import AWSAPI

/// STS (2011-06-15, query protocol): `GetCallerIdentity`, which Terraform's AWS provider and
/// `aws sts get-caller-identity` call first. Any credentials are the stack account's root.
struct STSAPI {
    let accountID: String

    static let namespace = "https://sts.amazonaws.com/doc/2011-06-15/"

    var service: AWSService {
        AWSService(
            signingName: "sts", wireProtocol: .query(xmlNamespace: Self.namespace),
            operations: [
                AWSOperation("GetCallerIdentity") { _ throws(AWSError) in
                    let result =
                        "<Arn>arn:aws:iam::\(accountID):root</Arn><UserId>\(accountID)</UserId><Account>\(accountID)</Account>"
                    return XMLText.queryResponse(operation: "GetCallerIdentity", namespace: Self.namespace, result: result)
                }
            ])
    }
}
