package dev.upcase.server.tcp;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * {@code tcpEndpoint} in {@code /actuator/health}: UP while the TCP endpoint accepts clients, DOWN while it does not
 * (not listening yet, stopped, or the application is shutting down). Part of the readiness group, so a
 * Kubernetes readiness probe takes the pod out of service exactly when new clients would not be served.
 */
@Component
class TcpEndpointHealthIndicator extends AbstractHealthIndicator {

	private final AbstractServerConnectionFactory factory;

	private final TcpProperties properties;

	private final ConnectionRegistry connections;

	private final ServerLifecycleState server;

	TcpEndpointHealthIndicator(AbstractServerConnectionFactory factory, TcpProperties properties,
			ConnectionRegistry connections, ServerLifecycleState server) {
		super("TCP endpoint health check failed");
		this.factory = factory;
		this.properties = properties;
		this.connections = connections;
		this.server = server;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean listening = this.factory.isListening() && !this.server.stopping();
		(listening ? builder.up() : builder.down())
			.withDetail("listening", listening)
			.withDetail("host", this.properties.host())
			.withDetail("port", this.factory.getPort())
			.withDetail("framing", this.properties.framing().configName())
			.withDetail("activeConnections", this.connections.count());
	}

}
