import AWSAPI
import Testing

@Suite struct CredentialScopeTests {
    @Test func authorizationHeaderScope() throws {
        let header =
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261202/us-east-2/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"
        let scope = try #require(CredentialScope.of(authorization: header, query: nil))
        #expect(scope == CredentialScope(accessKeyID: "AKIDEXAMPLE", date: "20261202", region: "us-east-2", service: "lambda"))
    }

    @Test func presignedQueryScope() throws {
        let query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F20261202%2Fus-east-1%2Fdsql%2Faws4_request&X-Amz-Date=x"
        let scope = try #require(CredentialScope.of(authorization: nil, query: query))
        #expect(scope.service == "dsql")
        #expect(scope.region == "us-east-1")
    }

    @Test func unsignedOrMalformedHasNoScope() {
        #expect(CredentialScope.of(authorization: nil, query: "a=b") == nil)
        #expect(CredentialScope.of(authorization: "Basic dXNlcjpwYXNz", query: nil) == nil)
        #expect(CredentialScope.of(authorization: "AWS4-HMAC-SHA256 Credential=a/b/c", query: nil) == nil)
        #expect(CredentialScope.of(authorization: "AWS4-HMAC-SHA256 Credential=a/b//lambda/aws4_request", query: nil) == nil)
    }
}
