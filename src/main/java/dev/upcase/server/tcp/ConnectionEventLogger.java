package dev.upcase.server.tcp;

import java.time.Duration;

import dev.upcase.server.endpoint.CloseReason;
import dev.upcase.server.endpoint.ConnectionClosed;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionServerListeningEvent;
import org.springframework.stereotype.Component;

/**
 * The operator's view of the endpoint: one line when it starts listening, one when a client connects, one when
 * the connection ends (with its age, traffic and reason). Closes caused by bad input or a client that stopped
 * reading are WARN, the rest INFO. Connections refused (over the limit, paused, draining): one WARN per burst.
 */
@Component
class ConnectionEventLogger {

	private static final Logger log = LoggerFactory.getLogger(ConnectionEventLogger.class);

	private final TcpProperties properties;

	private final ServerLifecycleState server;

	private final Throttle rejections = new Throttle(Duration.ofSeconds(10));

	ConnectionEventLogger(TcpProperties properties, ServerLifecycleState server) {
		this.properties = properties;
		this.server = server;
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
				String why = this.server.refusing() ? "while the endpoint is " + this.server.requested().tag()
						: "over upcase.tcp.max-connections=" + this.properties.maxConnections();
				log.warn("Refusing connections {}: {} refused now{}", why, connection.peer(),
						alsoRefused > 0 ? ", " + alsoRefused + " more since the last report" : "");
			}
		}
		else {
			log.atInfo()
				.setMessage("Connection from {} opened (id {})")
				.addArgument(connection.peer())
				.addArgument(connection.id())
				.addKeyValue("connectionEvent", "opened")
				.addKeyValue("peer", connection.peer())
				.addKeyValue("connectionId", connection.id())
				.log();
		}
	}

	@EventListener
	void closed(ConnectionClosed closed) {
		CloseReason reason = closed.reason();
		String detail = closed.detail() != null ? ": " + closed.detail() : "";
		boolean clientAtFault = reason == CloseReason.OVERSIZE || reason == CloseReason.MALFORMED
				|| reason == CloseReason.SLOW;
		Duration age = closed.duration();
		(clientAtFault ? log.atWarn() : log.atInfo())
			.setMessage("Connection from {} closed ({}{}) after {}, {} messages, {} replies, {} bytes in (id {})")
			.addArgument(closed.peer())
			.addArgument(reason.tag())
			.addArgument(detail)
			.addArgument(() -> seconds(age))
			.addArgument(closed.messagesIn())
			.addArgument(closed.repliesOut())
			.addArgument(closed.bytesIn())
			.addArgument(closed.id())
			.addKeyValue("connectionEvent", "closed")
			.addKeyValue("peer", closed.peer())
			.addKeyValue("connectionId", closed.id())
			.addKeyValue("closeReason", reason.tag())
			.addKeyValue("durationMs", age.toMillis())
			.addKeyValue("messages", closed.messagesIn())
			.addKeyValue("replies", closed.repliesOut())
			.log();
	}

	private static String seconds(Duration duration) {
		return String.format("%.3f s", duration.toNanos() / 1e9);
	}

}
