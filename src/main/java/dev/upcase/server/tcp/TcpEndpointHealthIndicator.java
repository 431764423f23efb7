package dev.upcase.server.tcp;

import java.net.InetSocketAddress;
import java.time.Duration;

import dev.upcase.server.endpoint.EndpointState;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code tcpEndpoint} in {@code /actuator/health}: UP only while the endpoint accepts clients and every event loop
 * answers — DOWN while starting, paused, draining or stopped, and when an event loop is stuck or dead (then the
 * endpoint would accept and never answer). Part of the readiness group, so Kubernetes takes the pod out of the
 * Service exactly when new clients would not be served.
 */
@Component
class TcpEndpointHealthIndicator extends AbstractHealthIndicator {

	/** A loop that cannot run a no-op within this long is not serving its connections. */
	private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

	private final TcpEndpoint endpoint;

	TcpEndpointHealthIndicator(TcpEndpoint endpoint) {
		super("TCP endpoint health check failed");
		this.endpoint = endpoint;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		EndpointState state = this.endpoint.state();
		EventLoops loops = this.endpoint.eventLoops();
		String stuck = loops != null && state != EndpointState.STOPPED ? loops.unresponsive(PING_TIMEOUT) : null;
		boolean up = state == EndpointState.ACCEPTING && stuck == null;
		InetSocketAddress address = this.endpoint.boundAddress();
		(up ? builder.up() : builder.down())
			.withDetail("state", state.tag())
			.withDetail("host", address != null ? address.getHostString() : "-")
			.withDetail("port", address != null ? address.getPort() : 0)
			.withDetail("framing", this.endpoint.framing())
			.withDetail("activeConnections", this.endpoint.activeConnections());
		if (loops != null) {
			builder.withDetail("transport", loops.transport());
		}
		if (stuck != null) {
			builder.withDetail("unresponsiveEventLoop", stuck);
		}
	}

}
