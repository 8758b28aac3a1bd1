/// Placeholder: the HTTP/1.1 server lands with the foundation issue.
public enum HTTPModule {}
