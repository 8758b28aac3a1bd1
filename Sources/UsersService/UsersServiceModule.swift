/// Placeholder: the seed application's users service.
public enum UsersServiceModule {}
