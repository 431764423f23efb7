package dev.upcase.server.tcp;

import dev.upcase.server.endpoint.CloseReason;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionServerListeningEvent;
import org.springframework.stereotype.Component;

/**
 * The operator's view of the endpoint: one line when it starts listening, one when a client connects, one when
 * the connection ends (with its age, traffic and reason). Closes caused by bad input or a client that stopped
 * reading are WARN, the rest INFO. Connections refused over the limit: one WARN per burst.
 */
@Component
class ConnectionEventLogger {

	private static final Logger log = LoggerFactory.getLogger(ConnectionEventLogger.class);

	private final TcpProperties properties;

	private final Throttle rejections = new Throttle(Duration.ofSeconds(10));

	ConnectionEventLogger(TcpProperties properties) {
		this.properties = properties;
	}

	@EventListener
	void listening(TcpConnectionServerListeningEvent event) {
		log.info("Listening for TCP clients on {}:{} (framing {}, charset {}, messages up to {} bytes)",
				this.properties.host(), event.getPort(), this.properties.framing().configName(),
				this.properties.charset().name(), this.properties.maxMessageBytes().toBytes());
	}

	@EventListener
	void opened(TcpConnectionOpenEvent event) {
		if (!(event.getSource() instanceof ServerConnection connection)) {
			return;
		}
		if (connection.rejected()) {
			long alsoRefused = this.rejections.tryPass(); // one line per burst, not one per connection
			if (alsoRefused >= 0) {
				log.warn("Refusing connections over upcase.tcp.max-connections={}: {} refused now{}",
						this.properties.maxConnections(), connection.peer(),
						alsoRefused > 0 ? ", " + alsoRefused + " more since the last report" : "");
			}
		}
		else {
			log.atInfo()
				.setMessage("Connection from {} opened (id {})")
				.addArgument(connection.peer())
				.addArgument(connection.getConnectionId())
				.addKeyValue("connectionEvent", "opened")
				.addKeyValue("peer", connection.peer())
				.addKeyValue("connectionId", connection.getConnectionId())
				.log();
		}
	}

	@EventListener
	void closed(TcpConnectionCloseEvent event) {
		if (event.getSource() instanceof ServerConnection connection && !connection.rejected()) {
			ServerConnection.Closure closure = connection.closure();
			CloseReason reason = closure != null ? closure.reason() : CloseReason.CLIENT;
			String detail = closure != null && closure.detail() != null ? ": " + closure.detail() : "";
			boolean clientAtFault = reason == CloseReason.OVERSIZE || reason == CloseReason.MALFORMED
					|| reason == CloseReason.SLOW;
			Duration age = connection.age();
			(clientAtFault ? log.atWarn() : log.atInfo())
				.setMessage("Connection from {} closed ({}{}) after {}, {} messages, {} replies, {} bytes in (id {})")
				.addArgument(connection.peer())
				.addArgument(reason.tag())
				.addArgument(detail)
				.addArgument(() -> seconds(age))
				.addArgument(connection.messagesIn())
				.addArgument(connection.repliesOut())
				.addArgument(connection.bytesIn())
				.addArgument(connection.getConnectionId())
				.addKeyValue("connectionEvent", "closed")
				.addKeyValue("peer", connection.peer())
				.addKeyValue("connectionId", connection.getConnectionId())
				.addKeyValue("closeReason", reason.tag())
				.addKeyValue("durationMs", age.toMillis())
				.addKeyValue("messages", connection.messagesIn())
				.addKeyValue("replies", connection.repliesOut())
				.log();
		}
	}

	private static String seconds(Duration duration) {
		return String.format("%.3f s", duration.toNanos() / 1e9);
	}

}
