/// Placeholder: log groups, metrics and traces.
public enum ObservabilityModule {}
