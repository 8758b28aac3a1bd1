import DSQLClient

/// A session is the client-facing connection to its region.
extension DSQLSession: DSQLConnection {}
