import CSystem
import Glibc
import HTTP
import Synchronization

/// A runtime process: spawned with `posix_spawn` in its own process group, its stdout and
/// stderr read line by line on a dedicated thread, and reaped there.
///
/// Why: an execution environment of user code is a real process, and three things about it must
/// never touch Swift's cooperative pool: the spawn, the pipe reads (a function printing a
/// megabyte must not stall on a full pipe) and `waitpid`. One thread per process does the reads
/// and then the wait; `kill()` ends the whole group (a shell bootstrap's `curl` too), and
/// `onExit` runs once with how it ended. `live` counts processes not yet reaped, so tests can
/// show none is left behind.
final class ChildProcess: Sendable {
    /// The process id (also its process group id).
    let pid: pid_t
    private let output: OutputPipes
    private let exitState = Mutex<(exit: RuntimeExit?, waiters: [@Sendable (RuntimeExit) -> Void])>((nil, []))

    /// Processes spawned and not yet reaped, across the emulator.
    static var live: Int { liveCount.load(ordering: .relaxed) }
    private static let liveCount = Atomic<Int>(0)

    /// Spawns `arguments[0]` (a path) with `environment` in `directory`; each complete output
    /// line goes to `line` (on the reader thread).
    static func spawn(
        arguments: [String], environment: [String: String], directory: String,
        line: @escaping @Sendable (String) -> Void
    ) throws(ProcessSpawnError) -> ChildProcess {
        var outPipe: [Int32] = [-1, -1]
        guard pipe2(&outPipe, O_CLOEXEC) == 0 else { throw ProcessSpawnError(path: arguments[0], code: errno, step: "pipe") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 2)
        posix_spawn_file_actions_addchdir_np(&actions, directory)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        close(outPipe[1])
        guard result == 0 else {
            close(outPipe[0])
            throw ProcessSpawnError(path: arguments[0], code: result, step: "posix_spawn")
        }
        liveCount.add(1, ordering: .relaxed)
        let process = ChildProcess(pid: pid, output: OutputPipes(fd: outPipe[0], line: line))
        DedicatedThread.start(name: "lambda-process") { process.readThenReap() }
        return process
    }

    private init(pid: pid_t, output: OutputPipes) {
        self.pid = pid
        self.output = output
    }

    /// Kills the process group (SIGKILL); the reader thread then reaps it.
    func kill() {
        guard exitState.withLock({ $0.exit == nil }) else { return }
        _ = Glibc.kill(-pid, SIGKILL)
        _ = Glibc.kill(pid, SIGKILL)
    }

    /// Runs `body` once the process has ended (at once if it has).
    func onExit(_ body: @escaping @Sendable (RuntimeExit) -> Void) {
        let ended = exitState.withLock { s -> RuntimeExit? in
            if s.exit == nil { s.waiters.append(body) }
            return s.exit
        }
        if let ended { body(ended) }
    }

    /// How the process ended, once it has.
    var exit: RuntimeExit? { exitState.withLock { $0.exit } }

    /// Reads whatever output is in the pipe now and emits it, partial last line included, so
    /// lines written before a response reach the log before the invocation's END line.
    func flushOutput() {
        _ = output.drain(final: true)
    }

    /// The process's peak resident size in MB (`VmHWM`, rounded up), 0 if unreadable.
    func peakMemoryMegabytes() -> Int {
        ProcessStatus.peakResidentKilobytes(pid: pid).map { ($0 + 1023) / 1024 } ?? 0
    }

    private func readThenReap() {
        var status: Int32 = 0
        var reaped = false
        // Read until end of output; every 100 ms without output, check whether the process
        // ended while something it started still holds the pipe open.
        while true {
            var poller = pollfd(fd: output.fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 100)
            if ready > 0 {
                if output.drain(final: false) { break }
            } else if ready == 0 || (ready < 0 && errno != EINTR) {
                if waitpid(pid, &status, WNOHANG) == pid {
                    reaped = true
                    break
                }
            }
        }
        // Whatever the bootstrap left running in its group ends with it.
        _ = Glibc.kill(-pid, SIGKILL)
        if !reaped {
            var result: pid_t
            repeat { result = waitpid(pid, &status, 0) } while result < 0 && errno == EINTR
            reaped = result == pid
        }
        _ = output.drain(final: true)
        output.close()
        let exit: RuntimeExit
        if reaped, status & 0x7f == 0 {
            exit = RuntimeExit(status: (status >> 8) & 0xff, signal: nil)
        } else if reaped {
            exit = RuntimeExit(status: nil, signal: status & 0x7f)
        } else {
            exit = RuntimeExit(status: nil, signal: SIGKILL)
        }
        Self.liveCount.subtract(1, ordering: .relaxed)
        let waiters = exitState.withLock { s -> [@Sendable (RuntimeExit) -> Void] in
            s.exit = exit
            defer { s.waiters = [] }
            return s.waiters
        }
        for waiter in waiters { waiter(exit) }
    }
}

/// Spawning a runtime process failed.
struct ProcessSpawnError: Error, Sendable, CustomStringConvertible {
    var path: String
    var code: Int32
    var step: String

    var description: String { "\(step) \(path) failed: \(String(cString: strerror(code))) (errno \(code))" }
}
