package dev.upcase.server.tcp;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.upcase.server.endpoint.ConnectionClosed;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.stereotype.Component;

/**
 * The connections open right now (refused ones aside), kept from Spring Integration's open and close events. A
 * connection is counted once however it ends (each event is published once per connection), so the count returns exactly to where it
 * started when clients come and go in any order, resets included. Each accepted connection's close is published
 * once as a {@link ConnectionClosed}.
 */
@Component
public class ConnectionRegistry {

	private final Map<String, ServerConnection> open = new ConcurrentHashMap<>();

	private final LongAdder accepted = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	private final ApplicationEventPublisher publisher;

	ConnectionRegistry(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@EventListener
	void opened(TcpConnectionOpenEvent event) {
		if (event.getSource() instanceof ServerConnection connection) {
			if (connection.rejected()) {
				this.rejected.increment();
			}
			else {
				this.accepted.increment();
				this.open.put(connection.id(), connection);
			}
		}
	}

	@EventListener
	void closed(TcpConnectionCloseEvent event) {
		if (event.getSource() instanceof ServerConnection connection && this.open.remove(connection.id()) != null) {
			this.publisher.publishEvent(connection.closed());
		}
	}

	/** @return the number of open connections */
	public int count() {
		return this.open.size();
	}

	/** @return a live view of the open connections */
	public Collection<ServerConnection> connections() {
		return Collections.unmodifiableCollection(this.open.values());
	}

	/** @return the open connection with this {@link ServerConnection#id()}, or {@code null} */
	@Nullable ServerConnection connection(String id) {
		return this.open.get(id);
	}

	/** @return connections accepted since start */
	long accepted() {
		return this.accepted.sum();
	}

	/** @return connections refused since start */
	long rejected() {
		return this.rejected.sum();
	}

}
