import Testing
@testable import PGWire

@Suite("PGStatementSplitter")
struct PGStatementSplitterTests {
    @Test("splits at top-level semicolons only")
    func splits() {
        #expect(PGStatementSplitter.split("SELECT 1; SELECT 2;") == ["SELECT 1", "SELECT 2"])
        #expect(PGStatementSplitter.split("SELECT 'a;b'; SELECT \"x;\"") == ["SELECT 'a;b'", "SELECT \"x;\""])
        #expect(PGStatementSplitter.split("SELECT E'\\';'; SELECT 2") == ["SELECT E'\\';'", "SELECT 2"])
        #expect(PGStatementSplitter.split("SELECT $$;$$; SELECT $t$ ; $t$") == ["SELECT $$;$$", "SELECT $t$ ; $t$"])
        #expect(PGStatementSplitter.split("SELECT $1; -- c;\n SELECT /* ; /* ; */ */ 2") == ["SELECT $1", "-- c;\n SELECT /* ; /* ; */ */ 2"])
        #expect(PGStatementSplitter.split("  ; -- nothing\n ;") == [])
        #expect(PGStatementSplitter.split("") == [])
    }
}
