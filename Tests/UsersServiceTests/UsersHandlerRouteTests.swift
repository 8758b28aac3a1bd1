import DSQLClient
import Testing
@testable import UsersService

@Suite("UsersHandler routes")
struct UsersHandlerRouteTests {
    @Test func optionsOnAnyPathIsThePreflightReplyWithTheSeedHeaders() async {
        let handler = Fixture.handler(InMemoryUsersDatabase())
        for path in ["/users", "/health", "/nope", "/"] {
            let reply = await handler.respond(to: Fixture.event("OPTIONS", path), requestID: "r1")
            #expect(reply.statusCode == 200)
            #expect(reply.bodyText == #"{"message": "CORS preflight successful"}"#)
            #expect(
                reply.document.text
                    == #"{"statusCode": 200, "headers": \#(Fixture.headersJSON), "body": "{\"message\": \"CORS preflight successful\"}"}"#)
        }
    }

    @Test func healthyHealthIs200WithTheSeedKeysInOrder() async {
        let reply = await Fixture.handler(InMemoryUsersDatabase()).respond(to: Fixture.event("GET", "/health"), requestID: "req-1")
        #expect(reply.statusCode == 200)
        #expect(
            reply.bodyText
                == #"{"database_status": "healthy", "region": "us-east-1", "region_type": "primary", "endpoint": "abc.dsql.us-east-1.on.aws", "database_name": "postgres", "timestamp": "2026-11-18T11:06:40.123456Z", "query_successful": true, "lambda_region": "us-east-1", "request_id": "req-1"}"#)
    }

    @Test func unhealthyHealthIs503WithTheError() async {
        let db = InMemoryUsersDatabase()
        db.failNext(.serverUnavailable)
        let reply = await Fixture.handler(db).respond(to: Fixture.event("GET", "/health"), requestID: "req-2")
        #expect(reply.statusCode == 503)
        #expect(reply.body["database_status"] == .string("unhealthy"))
        #expect(reply.body["query_successful"] == .bool(false))
        #expect(reply.body["error"] == .string("server unavailable"))
        #expect(reply.body["request_id"] == .string("req-2"))
    }

    @Test func listUsersReturnsNewestFirstWithCountAndRegions() async {
        let db = InMemoryUsersDatabase()
        let handler = Fixture.handler(db)
        let empty = await handler.respond(to: Fixture.event("GET", "/users"), requestID: "r")
        #expect(empty.statusCode == 200)
        #expect(
            empty.bodyText
                == #"{"users": [], "count": 0, "region": "us-east-1", "region_type": "primary", "timestamp": "2026-11-18T11:06:40.123456Z"}"#)
        for n in 1...2 {
            let created = await handler.respond(
                to: Fixture.event("POST", "/users", body: #"{"name": "U\#(n)", "email": "u\#(n)@example.com"}"#), requestID: "r")
            #expect(created.statusCode == 201)
        }
        let listed = await handler.respond(to: Fixture.event("GET", "/users"), requestID: "r")
        #expect(listed.body["count"] == .int(2))
        guard case .array(let users)? = listed.body["users"] else { Issue.record("no users array"); return }
        #expect(users.first?["name"] == .string("U2"))
        #expect(
            users.last?.text
                == #"{"id": "00000000-0000-4000-8000-000000000001", "name": "U1", "email": "u1@example.com", "created_at": "2026-11-24 12:00:00.000001", "updated_at": "2026-11-24 12:00:00.000001"}"#)
        #expect(db.statements.contains(UsersRepository.selectUsersSQL))
    }

    @Test func listUsersDatabaseErrorIs500FailedToRetrieve() async {
        let db = InMemoryUsersDatabase(tableExists: false)
        let reply = await Fixture.handler(db).respond(to: Fixture.event("GET", "/users"), requestID: "r")
        #expect(reply.statusCode == 500)
        #expect(
            reply.bodyText
                == #"{"error": "Failed to retrieve users", "details": "relation \"users\" does not exist", "region": "us-east-1"}"#)
    }

    @Test func unknownRoutesAre404WithPathMethodAndEndpoints() async {
        let handler = Fixture.handler(InMemoryUsersDatabase())
        for (method, path) in [("GET", "/"), ("DELETE", "/users"), ("PUT", "/users"), ("POST", "/health"), ("GET", "/users/1")] {
            let reply = await handler.respond(to: Fixture.event(method, path), requestID: "r")
            #expect(reply.statusCode == 404)
            #expect(
                reply.bodyText
                    == #"{"error": "Not found", "path": "\#(path)", "method": "\#(method)", "available_endpoints": {"GET /health": "Health check endpoint", "GET /users": "List all users", "POST /users": "Create new user"}}"#)
        }
        let defaults = await handler.respond(to: .object([]), requestID: "r")
        #expect(defaults.statusCode == 404)
        #expect(defaults.body["method"] == .string("GET"))
        #expect(defaults.body["path"] == .string("/"))
    }

    @Test func nonObjectEventIsTheGeneric500() async {
        let reply = await Fixture.handler(InMemoryUsersDatabase()).respond(to: .array([]), requestID: "rq")
        #expect(reply.statusCode == 500)
        #expect(
            reply.bodyText
                == #"{"error": "Internal server error", "details": "'list' object has no attribute 'get'", "region": "us-east-1", "request_id": "rq"}"#)
    }
}
