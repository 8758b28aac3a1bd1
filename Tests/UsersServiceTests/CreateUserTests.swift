import DSQLClient
import Testing
@testable import UsersService

@Suite("POST /users")
struct CreateUserTests {
    /// Every validation message, in the seed's check order (the first failing check wins).
    static let rejections: [(body: String?, message: String)] = [
        (nil, "Request body is required"),
        ("", "Request body is required"),
        ("{not json", "Invalid JSON in request body"),
        ("   ", "Invalid JSON in request body"),
        (#"{"name": "a"} x"#, "Invalid JSON in request body"),
        ("[1, 2]", "Invalid request format"),
        (#""just a string""#, "Invalid request format"),
        ("42", "Invalid request format"),
        ("null", "Invalid request format"),
        ("{}", "Name is required and cannot be empty"),
        (#"{"name": "   ", "email": "a@b.c"}"#, "Name is required and cannot be empty"),
        (#"{"name": "Ann"}"#, "Email is required and cannot be empty"),
        (#"{"name": "Ann", "email": " \t "}"#, "Email is required and cannot be empty"),
        (#"{"name": "\#(String(repeating: "n", count: 101))", "email": "x"}"#, "Name cannot exceed 100 characters"),
        (#"{"name": "Ann", "email": "\#(String(repeating: "e", count: 250))@x.com"}"#, "Email cannot exceed 255 characters"),
        (#"{"name": "Ann", "email": "ann.example.com"}"#, "Invalid email format"),
        (#"{"name": "Ann", "email": "ann@example"}"#, "Invalid email format"),
        (#"{"name": "Ann", "email": "a.b@c@example"}"#, "Invalid email format"),
    ]

    @Test(arguments: rejections.indices)
    func validationMessagesAndOrder(_ index: Int) async {
        let (body, message) = Self.rejections[index]
        let db = InMemoryUsersDatabase()
        let reply = await Fixture.handler(db).respond(to: Fixture.event("POST", "/users", body: body), requestID: "r")
        #expect(reply.statusCode == 400, "case \(index)")
        #expect(reply.bodyText == #"{"error": "\#(message)"}"#, "case \(index)")
        #expect(db.statements.isEmpty, "no SQL for a rejected body (case \(index))")
    }

    @Test func hundredCharacterNameAndStrippedLengthsAreAccepted() async {
        let name = "  " + String(repeating: "é", count: 100) + "  "
        let reply = await Fixture.handler(InMemoryUsersDatabase()).respond(
            to: Fixture.event("POST", "/users", body: #"{"name": "\#(name)", "email": " a@b.co "}"#), requestID: "r")
        // The raw (unstripped) values are inserted, as in the seed; the double rejects >100 like varchar(100).
        #expect(reply.statusCode == 500)
        #expect(reply.body["error"] == .string("Failed to create user"))
        #expect(reply.body["details"] == .string("value too long for type character varying(100)"))
    }

    @Test func createdIs201WithRegionType() async {
        let db = InMemoryUsersDatabase()
        let reply = await Fixture.handler(db).respond(
            to: Fixture.event("POST", "/users", body: #"{"name": "Test User", "email": "test@example.com"}"#), requestID: "r")
        #expect(reply.statusCode == 201)
        #expect(
            reply.bodyText
                == #"{"id": "00000000-0000-4000-8000-000000000001", "name": "Test User", "email": "test@example.com", "created_at": "2026-11-24 12:00:00.000001", "region": "primary"}"#)
        #expect(db.statements == [UsersRepository.createUserSQL])
    }

    @Test func duplicateEmailIs409() async {
        let handler = Fixture.handler(InMemoryUsersDatabase())
        let body = #"{"name": "Test User", "email": "dup@example.com"}"#
        #expect(await handler.respond(to: Fixture.event("POST", "/users", body: body), requestID: "r").statusCode == 201)
        let again = await handler.respond(to: Fixture.event("POST", "/users", body: body), requestID: "r")
        #expect(again.statusCode == 409)
        #expect(again.bodyText == #"{"error": "User with this email already exists", "region": "us-east-1"}"#)
    }

    @Test func otherDatabaseErrorsAre500FailedToCreate() async {
        let db = InMemoryUsersDatabase()
        db.failNext(DSQLError(sqlstate: "53000", message: "too many connections"))
        let reply = await Fixture.handler(db).respond(
            to: Fixture.event("POST", "/users", body: #"{"name": "A", "email": "a@b.co"}"#), requestID: "r")
        #expect(reply.statusCode == 500)
        #expect(reply.bodyText == #"{"error": "Failed to create user", "details": "too many connections", "region": "us-east-1"}"#)
    }

    @Test(arguments: [
        (#"{"name": 5, "email": "a@b.co"}"#, "int"), (#"{"name": "A", "email": null}"#, "NoneType"),
        (#"{"name": true, "email": "a@b.co"}"#, "bool"), (#"{"name": ["A"], "email": "a@b.co"}"#, "list"),
        (#"{"name": "A", "email": {"x": 1}}"#, "dict"), (#"{"name": 1.5, "email": "a@b.co"}"#, "float"),
    ])
    func nonStringNameOrEmailIsTheGeneric500(_ body: String, _ type: String) async {
        let db = InMemoryUsersDatabase()
        let reply = await Fixture.handler(db).respond(to: Fixture.event("POST", "/users", body: body), requestID: "req-9")
        #expect(reply.statusCode == 500)
        #expect(
            reply.bodyText
                == #"{"error": "Internal server error", "details": "'\#(type)' object has no attribute 'strip'", "region": "us-east-1", "request_id": "req-9"}"#)
        #expect(db.statements.isEmpty)
    }

    @Test func conflictsAreRetriedThenSucceed() async {
        let db = InMemoryUsersDatabase()
        db.failNext(.dataConflict, count: 2)
        let reply = await Fixture.handler(db).respond(
            to: Fixture.event("POST", "/users", body: #"{"name": "A", "email": "a@b.co"}"#), requestID: "r")
        #expect(reply.statusCode == 201)
        #expect(db.statements.count == 3)
    }

    @Test func conflictsBeyondTheAttemptLimitAre500() async {
        let db = InMemoryUsersDatabase()
        db.failNext(.dataConflict, count: 3)
        let reply = await Fixture.handler(db).respond(
            to: Fixture.event("POST", "/users", body: #"{"name": "A", "email": "a@b.co"}"#), requestID: "r")
        #expect(reply.statusCode == 500)
        #expect(reply.body["details"] == .string("change conflicts with another transaction (OC000)"))
        #expect(db.statements.count == 3)
        #expect(db.rows.isEmpty)
    }

    @Test func nonConflictErrorsAreNotRetried() async {
        let db = InMemoryUsersDatabase()
        db.failNext(.serverUnavailable)
        _ = await Fixture.handler(db).respond(
            to: Fixture.event("POST", "/users", body: #"{"name": "A", "email": "a@b.co"}"#), requestID: "r")
        #expect(db.statements.count == 1)
    }
}
