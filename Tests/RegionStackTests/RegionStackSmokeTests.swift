import Testing
@testable import RegionStack

@Test func RegionStackModuleLinks() {
    #expect(Bool(true))
}
