package dev.upcase.server.metrics;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.upcase.server.endpoint.CloseReason;
import dev.upcase.server.endpoint.ConnectionClosed;
import dev.upcase.server.endpoint.Endpoint;
import dev.upcase.server.endpoint.RefusalReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code upcase.connections.*} per endpoint (tag {@code endpoint}: tcp or tls, unix): opened and rejected (by
 * {@code reason}) as the endpoint counts them, active as it holds them, closed by reason from the one {@link ConnectionClosed} record each
 * connection ends with — so {@code opened − closed = active} holds exactly, for each endpoint. A datagram endpoint
 * has no connections: it counts its packets itself.
 */
@Component
class ConnectionMetrics {

	private final Map<String, Map<CloseReason, Counter>> closed = new HashMap<>();

	ConnectionMetrics(MeterRegistry registry, List<Endpoint> endpoints) {
		for (Endpoint endpoint : endpoints) {
			if (endpoint.connectionOriented()) {
				register(registry, endpoint);
			}
		}
	}

	private void register(MeterRegistry registry, Endpoint endpoint) {
		String name = endpoint.name();
		Gauge.builder("upcase.connections.active", endpoint, Endpoint::activeConnections)
			.description("connections open now")
			.tag("endpoint", name)
			.register(registry);
		FunctionCounter.builder("upcase.connections.opened", endpoint, Endpoint::acceptedConnections)
			.description("connections accepted")
			.tag("endpoint", name)
			.register(registry);
		for (RefusalReason reason : RefusalReason.values()) {
			FunctionCounter.builder("upcase.connections.rejected", endpoint, e -> e.rejectedConnections(reason))
				.description("connections refused before they opened, by reason: over a connection limit, the "
						+ "endpoint paused or draining, no valid PROXY protocol header")
				.tag("endpoint", name)
				.tag("reason", reason.tag())
				.register(registry);
		}
		Map<CloseReason, Counter> byReason = new EnumMap<>(CloseReason.class);
		for (CloseReason reason : CloseReason.values()) { // every reason from the start, so a rate() can see its first
			byReason.put(reason, Counter.builder("upcase.connections.closed")
				.description("connections closed, by reason")
				.tag("endpoint", name)
				.tag("reason", reason.tag())
				.register(registry));
		}
		this.closed.put(name, byReason);
	}

	@EventListener
	void closed(ConnectionClosed event) {
		Map<CloseReason, Counter> byReason = this.closed.get(event.endpoint());
		if (byReason != null) {
			byReason.get(event.reason()).increment();
		}
	}

}
