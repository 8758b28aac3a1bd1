import Testing
@testable import Replication

@Test func ReplicationModuleLinks() {
    #expect(NodeID.allCases.count == 3)
}
