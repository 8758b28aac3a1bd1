#ifndef CSYSTEM_SHIM_H
#define CSYSTEM_SHIM_H
// Linux APIs that Swift's Glibc module does not export: epoll, eventfd, timerfd, signalfd, accept4.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>

int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);

/// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC.
static inline int csystem_accept_nonblocking(int fd, struct sockaddr *addr, socklen_t *len) {
    return accept4(fd, addr, len, SOCK_NONBLOCK | SOCK_CLOEXEC);
}
// Child processes (Lambda runtime processes): pipe2 and posix_spawn's chdir action are GNU extensions.
#include <spawn.h>
int pipe2(int pipefd[2], int flags);
int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path);

static inline int csystem_sock_nonblock(void) { return SOCK_NONBLOCK; }
static inline int csystem_sock_cloexec(void) { return SOCK_CLOEXEC; }
#endif
