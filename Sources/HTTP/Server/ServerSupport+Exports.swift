/// The socket, thread and timer primitives live in `ServerSupport` (shared with the PostgreSQL
/// wire listener); HTTP's clients keep seeing them through `import HTTP`.
@_exported import ServerSupport
