import Testing
@testable import APIGateway

@Test func APIGatewayModuleLinks() {
    #expect(Bool(true))
}
