package dev.upcase.server.tcp;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.stereotype.Component;

/**
 * The connections open right now (refused ones aside), kept from Spring Integration's open and close events. A
 * connection is counted once however it ends (each event is published once per connection), so the count returns exactly to where it
 * started when clients come and go in any order, resets included.
 */
@Component
public class ConnectionRegistry {

	private final Map<String, ServerConnection> open = new ConcurrentHashMap<>();

	@EventListener
	void opened(TcpConnectionOpenEvent event) {
		if (event.getSource() instanceof ServerConnection connection && !connection.rejected()) {
			this.open.put(connection.getConnectionId(), connection);
		}
	}

	@EventListener
	void closed(TcpConnectionCloseEvent event) {
		if (event.getSource() instanceof ServerConnection connection) {
			this.open.remove(connection.getConnectionId());
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

}
