import Testing

/// Real PostgreSQL clients against the stack's wire endpoints (scripts in `Scripts/`).
@Suite("PostgreSQL clients over the wire", .serialized)
struct WireClientTests {
    func run(_ script: String) async throws {
        let fixture = try await WireClientFixture.start()
        do {
            try await fixture.run(script)
        } catch {
            await fixture.stop()
            throw error
        }
        await fixture.stop()
    }

    @Test("TLS and IAM tokens: connect by SNI and by port; wrong, foreign, expired tokens, no TLS, no SNI fail")
    func auth() async throws { try await run("auth.py") }

    @Test("CRUD with parameters through psycopg 3, psycopg2, pg8000 and asyncpg")
    func crud() async throws { try await run("crud.py") }

    @Test("interactive transactions, 25P02, OC000 at COMMIT (write-write and FOR UPDATE)")
    func transactions() async throws { try await run("transactions.py") }

    @Test("AWS's DSQL connector with the endpoint, the region and a host override")
    func connector() async throws { try await run("connector.py") }
}

extension WireClientTests {
    @Test("every supported type in text and binary, parameters and results")
    func types() async throws { try await run("types.py") }

    @Test("several statements in one simple query (psql -c, psycopg)")
    func simpleQuery() async throws { try await run("simple_query.py") }
}

extension WireClientTests {
    @Test("psql's \\dt and \\d describe tables, columns and indexes")
    func psqlDescribe() async throws { try await run("psql_describe.py") }
}

extension WireClientTests {
    @Test("bank and list-append workloads with interactive transactions in both regions")
    func workloads() async throws { try await run("workloads.py") }
}
