import Chaos
import PGWire

/// A region's own PostgreSQL wire port as a chaos component: a kill closes the listener and
/// every connection on it (clients see the connection drop, then refusals); a restore binds the
/// same port again.
///
/// Blackhole and pause act as a kill here: the listener has no frozen mode yet.
struct PGListenerComponent: RegionComponent {
    let listener: PGListener
    var name: String { "pg-listener" }
    var layer: RegionLayer { .front }

    func stop(_ mode: KillMode) async { await listener.stop() }
    func start() async throws { try listener.start() }
    func pause() async { await listener.stop() }
    func resume() async { _ = try? listener.start() }
}
