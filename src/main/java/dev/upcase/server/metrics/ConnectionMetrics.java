package dev.upcase.server.metrics;

import java.util.EnumMap;
import java.util.Map;

import dev.upcase.server.endpoint.CloseReason;
import dev.upcase.server.endpoint.ConnectionClosed;
import dev.upcase.server.tcp.ConnectionRegistry;
import dev.upcase.server.tcp.ServerConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.stereotype.Component;

/**
 * {@code upcase.connections.*}, from the TCP connection events and {@link ConnectionClosed}: the open and close
 * event of a connection are each published once, so {@code opened − closed = active} holds exactly. Refused connections count as rejected only.
 */
@Component
class ConnectionMetrics {

	private final Counter opened;

	private final Counter rejected;

	private final Map<CloseReason, Counter> closed = new EnumMap<>(CloseReason.class);

	ConnectionMetrics(MeterRegistry registry, ConnectionRegistry connections) {
		Gauge.builder("upcase.connections.active", connections, ConnectionRegistry::count)
			.description("TCP connections open now")
			.register(registry);
		this.opened = Counter.builder("upcase.connections.opened")
			.description("TCP connections accepted")
			.register(registry);
		this.rejected = Counter.builder("upcase.connections.rejected")
			.description("TCP connections refused at once: over upcase.tcp.max-connections, or the endpoint paused or draining")
			.register(registry);
		for (CloseReason reason : CloseReason.values()) { // every reason from the start, so a rate() can see its first
			this.closed.put(reason, Counter.builder("upcase.connections.closed")
				.description("TCP connections closed, by reason")
				.tag("reason", reason.tag())
				.register(registry));
		}
	}

	@EventListener
	void opened(TcpConnectionOpenEvent event) {
		if (event.getSource() instanceof ServerConnection connection) {
			(connection.rejected() ? this.rejected : this.opened).increment();
		}
	}

	@EventListener
	void closed(ConnectionClosed closed) {
		this.closed.get(closed.reason()).increment();
	}

}
