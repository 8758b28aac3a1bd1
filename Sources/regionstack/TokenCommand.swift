import ArgumentParser
import Foundation
import RegionStack

/// `regionstack token`: prints an Aurora DSQL IAM auth token, as `aws dsql
/// generate-db-connect-admin-auth-token` (AWS CLI v2) does, signed with the stack's local
/// credentials so the emulator's wire endpoint accepts it.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print a DSQL auth token (the password for psql and other PostgreSQL clients).",
        discussion: """
            The token is a SigV4 presigned URL for the cluster endpoint, as botocore's
            generate_db_connect_admin_auth_token (--admin) or generate_db_connect_auth_token makes it.
            Example: PGPASSWORD="$(regionstack token --hostname <id>.dsql.us-east-1.on.aws --region us-east-1 --admin)"
            """)

    @Option(help: "The cluster endpoint, <id>.dsql.<region>.on.aws.")
    var hostname: String

    @Option(help: "The region (default: the one in the hostname).")
    var region: String?

    @Flag(help: "A DbConnectAdmin token, for user admin (default: DbConnect, for custom roles).")
    var admin = false

    @Option(help: "Seconds the token is valid for (1...604800).")
    var expiresIn: Int = 900

    @Option(help: "Access key id (default: $AWS_ACCESS_KEY_ID, else test).")
    var accessKeyId: String?

    @Option(help: "Secret access key (default: $AWS_SECRET_ACCESS_KEY, else test).")
    var secretAccessKey: String?

    func validate() throws {
        guard (1...604_800).contains(expiresIn) else { throw ValidationError("--expires-in must be between 1 and 604800") }
        if region == nil && Self.region(in: hostname) == nil {
            throw ValidationError("--region is required unless the hostname is <id>.dsql.<region>.on.aws")
        }
    }

    static func region(in hostname: String) -> String? {
        let parts = hostname.split(separator: ".")
        guard parts.count == 5, parts[1] == "dsql", parts[3] == "on", parts[4] == "aws" else { return nil }
        return String(parts[2])
    }

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        print(DSQLTokenGenerator.token(
            hostname: hostname, region: region ?? Self.region(in: hostname)!, admin: admin,
            accessKeyID: accessKeyId ?? env["AWS_ACCESS_KEY_ID"] ?? "test",
            secretAccessKey: secretAccessKey ?? env["AWS_SECRET_ACCESS_KEY"] ?? "test",
            expiresIn: expiresIn, sessionToken: env["AWS_SESSION_TOKEN"]))
    }
}
