package dev.upcase.server.admin;

import java.time.Instant;

import dev.upcase.server.endpoint.Endpoint;
import dev.upcase.server.endpoint.EndpointLimits;
import org.jspecify.annotations.Nullable;

/**
 * One listener as {@code /actuator/listeners} shows it (NATS' {@code /varz} for it): where it listens, how, its
 * state and limits, its connections now and since start. Durations are ISO-8601 ({@code PT5M}).
 */
record ListenerView(String name, @Nullable String boundAddress, String framing, String state, Limits limits,
		int activeConnections, long acceptedConnections, long rejectedConnections, @Nullable String startedAt,
		double uptimeSeconds) {

	static ListenerView of(Endpoint endpoint, Instant now) {
		Instant startedAt = endpoint.startedAt();
		EndpointLimits limits = endpoint.limits();
		return new ListenerView(endpoint.name(), endpoint.boundAddress(),
				endpoint.framing(), endpoint.state().tag(),
				new Limits(limits.maxConnections(), limits.maxConnectionsPerPeer(), limits.maxTotalConnections(),
						limits.maxMessageBytes(), limits.idleTimeout().toString(), limits.writeTimeout().toString(),
						limits.maxUnsentBytes()),
				endpoint.activeConnections(), endpoint.acceptedConnections(), endpoint.rejectedConnections(),
				startedAt != null ? startedAt.toString() : null,
				startedAt != null ? ConnectionView.seconds(startedAt, now) : 0);
	}

	/** maxConnectionsPerPeer and maxTotalConnections count all stream endpoints together (one pool of slots). */
	record Limits(int maxConnections, int maxConnectionsPerPeer, int maxTotalConnections, long maxMessageBytes,
			String idleTimeout, String writeTimeout, long maxUnsentBytes) {
	}

}
