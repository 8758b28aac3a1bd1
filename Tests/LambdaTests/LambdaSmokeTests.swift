import Testing
@testable import Lambda

@Test func LambdaModuleLinks() {
    #expect(Bool(true))
}
