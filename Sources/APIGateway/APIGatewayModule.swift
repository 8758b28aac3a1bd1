/// Placeholder: the API Gateway REST API emulation.
public enum APIGatewayModule {}
