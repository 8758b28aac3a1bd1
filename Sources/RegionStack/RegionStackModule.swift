/// Placeholder: the composition root lands with the foundation issue.
public enum RegionStackModule {}
