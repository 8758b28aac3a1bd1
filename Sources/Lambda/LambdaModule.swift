/// Placeholder: the Lambda invoker.
public enum LambdaModule {}
