/// Placeholder: the replicated commit log lands with the commit-log issue.
public enum ReplicationModule {}
