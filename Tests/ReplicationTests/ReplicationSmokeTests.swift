import Testing
@testable import Replication

@Test func ReplicationModuleLinks() {
    #expect(Bool(true))
}
