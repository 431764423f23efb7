package dev.upcase.server.tcp;

import java.net.InetSocketAddress;

import dev.upcase.server.endpoint.Endpoint;
import dev.upcase.server.endpoint.EndpointState;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code tcpEndpoint} in {@code /actuator/health}: UP while the TCP endpoint accepts clients, DOWN while it does not
 * (not listening yet, paused or draining by an operator, stopped, or the application is shutting down). Part of the
 * readiness group, so a Kubernetes readiness probe takes the pod out of service exactly when new clients would not
 * be served.
 */
@Component
class TcpEndpointHealthIndicator extends AbstractHealthIndicator {

	private final Endpoint endpoint;

	TcpEndpointHealthIndicator(Endpoint endpoint) {
		super("TCP endpoint health check failed");
		this.endpoint = endpoint;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		EndpointState state = this.endpoint.state();
		InetSocketAddress bound = this.endpoint.boundAddress();
		(state == EndpointState.ACCEPTING ? builder.up() : builder.down())
			.withDetail("state", state.tag())
			.withDetail("listening", bound != null)
			.withDetail("host", bound != null ? bound.getHostString() : "")
			.withDetail("port", bound != null ? bound.getPort() : 0)
			.withDetail("framing", this.endpoint.framing())
			.withDetail("activeConnections", this.endpoint.activeConnections());
	}

}
