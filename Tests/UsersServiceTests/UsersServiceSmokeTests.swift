import Testing
@testable import UsersService

@Test func usersServiceModuleLinks() {
    #expect(Bool(true))
}
