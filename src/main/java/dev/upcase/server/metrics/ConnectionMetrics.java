package dev.upcase.server.metrics;

import java.util.EnumMap;
import java.util.Map;

import dev.upcase.server.endpoint.CloseReason;
import dev.upcase.server.endpoint.ConnectionClosed;
import dev.upcase.server.endpoint.Endpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code upcase.connections.*}: opened and rejected as the endpoint counts them, active as it holds them, closed by
 * reason from the one {@link ConnectionClosed} record each connection ends with — so
 * {@code opened − closed = active} holds exactly.
 */
@Component
class ConnectionMetrics {

	private final Map<CloseReason, Counter> closed = new EnumMap<>(CloseReason.class);

	ConnectionMetrics(MeterRegistry registry, Endpoint endpoint) {
		Gauge.builder("upcase.connections.active", endpoint, Endpoint::activeConnections)
			.description("TCP connections open now")
			.register(registry);
		FunctionCounter.builder("upcase.connections.opened", endpoint, Endpoint::acceptedConnections)
			.description("TCP connections accepted")
			.register(registry);
		FunctionCounter.builder("upcase.connections.rejected", endpoint, Endpoint::rejectedConnections)
			.description("TCP connections refused at once: over upcase.tcp.max-connections, or the endpoint paused "
					+ "or draining")
			.register(registry);
		for (CloseReason reason : CloseReason.values()) { // every reason from the start, so a rate() can see its first
			this.closed.put(reason, Counter.builder("upcase.connections.closed")
				.description("TCP connections closed, by reason")
				.tag("reason", reason.tag())
				.register(registry));
		}
	}

	@EventListener
	void closed(ConnectionClosed event) {
		this.closed.get(event.reason()).increment();
	}

}
