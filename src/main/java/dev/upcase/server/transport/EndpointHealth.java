package dev.upcase.server.transport;

import java.time.Duration;

import dev.upcase.server.endpoint.Endpoint;
import dev.upcase.server.endpoint.EndpointState;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * One endpoint in {@code /actuator/health/endpoints}: UP only while it accepts clients and every event loop
 * answers — DOWN while starting, paused, draining or stopped, and when an event loop is stuck or dead (then the
 * endpoint would accept and never answer). {@code endpoints} is in the readiness group, so Kubernetes takes the pod
 * out of the Service exactly when new clients would not be served.
 */
final class EndpointHealth implements HealthIndicator {

	/** A loop that cannot run a no-op within this long is not serving its connections. */
	private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

	private final Endpoint endpoint;

	private final EventLoops loops;

	EndpointHealth(Endpoint endpoint, EventLoops loops) {
		this.endpoint = endpoint;
		this.loops = loops;
	}

	@Override
	public Health health() {
		EndpointState state = this.endpoint.state();
		String stuck = state != EndpointState.STOPPED ? this.loops.unresponsive(PING_TIMEOUT) : null;
		boolean up = state == EndpointState.ACCEPTING && stuck == null;
		String address = this.endpoint.boundAddress();
		Health.Builder builder = (up ? Health.up() : Health.down()).withDetail("state", state.tag())
			.withDetail("address", address != null ? address : "-")
			.withDetail("framing", this.endpoint.framing())
			.withDetail("transport", this.loops.transport());
		if (this.endpoint.connectionOriented()) {
			builder.withDetail("activeConnections", this.endpoint.activeConnections());
		}
		if (stuck != null) {
			builder.withDetail("unresponsiveEventLoop", stuck);
		}
		return builder.build();
	}

}
