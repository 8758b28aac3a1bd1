import CSystem
import Testing
@testable import HTTP

@Test func epollShimIsAvailable() {
    let fd = epoll_create1(Int32(EPOLL_CLOEXEC))
    #expect(fd >= 0)
    _ = csystem_accept_nonblocking
}
