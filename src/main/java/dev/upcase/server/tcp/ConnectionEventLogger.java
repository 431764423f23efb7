package dev.upcase.server.tcp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.upcase.server.endpoint.CloseReason;
import dev.upcase.server.endpoint.ConnectionClosed;
import dev.upcase.server.transport.DurationText;
import dev.upcase.server.transport.EventLoops;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionServerListeningEvent;
import org.springframework.stereotype.Component;

/**
 * The operator's view of the stream endpoints: one line for each when it starts listening, one when a client connects, one when
 * the connection ends (with its age, traffic and reason). Closes caused by bad input or a client that stopped
 * reading are WARN, the rest INFO. Above {@value ConnectionLogBudget#LINES_PER_SECOND} connection lines a second the
 * rest are counted instead, and summed up in one line every 10 s ({@link ConnectionLogBudget}).
 */
@Component
class ConnectionEventLogger implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ConnectionEventLogger.class);

	private static final Map<String, String> CLIENTS = Map.of("tcp", "TCP clients", "tls", "TLS clients", "unix",
			"Unix-socket clients");

	private final TcpProperties properties;

	private final List<StreamEndpoint> endpoints;

	private final ConnectionLogBudget budget = new ConnectionLogBudget(System.nanoTime());

	private final ScheduledFuture<?> summaries;

	ConnectionEventLogger(TcpProperties properties, List<StreamEndpoint> endpoints, EventLoops upcaseEventLoops) {
		this.properties = properties;
		this.endpoints = endpoints;
		long interval = ConnectionLogBudget.SUMMARY_INTERVAL.toMillis();
		this.summaries = upcaseEventLoops.acceptor()
			.next()
			.scheduleAtFixedRate(this::summarise, interval, interval, TimeUnit.MILLISECONDS);
	}

	/** The lines held back since the last summary, in one line: the metrics count every connection. */
	void summarise() {
		ConnectionLogBudget.Summary held = this.budget.summary();
		if (held == null) {
			return;
		}
		(held.clientAtFault() ? log.atWarn() : log.atInfo()).setMessage("Not logged in the last {}: {} connections "
				+ "opened, {} closed{} (over {} connection lines a second); upcase_connections_opened_total and "
				+ "upcase_connections_closed_total count every one")
			.addArgument(DurationText.of(ConnectionLogBudget.SUMMARY_INTERVAL))
			.addArgument(held.opened())
			.addArgument(held.closed())
			.addArgument(held.byReason())
			.addArgument(ConnectionLogBudget.LINES_PER_SECOND)
			.addKeyValue("connectionEvent", "summary")
			.addKeyValue("openedNotLogged", held.opened())
			.addKeyValue("closedNotLogged", held.closed())
			.log();
	}

	@Override
	public void destroy() {
		this.summaries.cancel(false);
		summarise(); // what the last interval held back
	}

	@EventListener
	void listening(TcpConnectionServerListeningEvent event) {
		for (StreamEndpoint endpoint : this.endpoints) {
			if (endpoint.boundAddress() != null) {
				log.info("Listening for {} on {} (framing {}, charset {}, messages up to {} bytes, at most {} "
						+ "connections, {} event loop thread(s))", CLIENTS.getOrDefault(endpoint.name(), endpoint.name()),
						endpoint.boundAddress(), this.properties.framing().configName(),
						this.properties.charset().name(), this.properties.maxMessageBytes().toBytes(),
						this.properties.maxConnections(), this.properties.eventLoopThreadCount());
			}
		}
	}

	@EventListener
	void opened(TcpConnectionOpenEvent event) {
		if (event.getSource() instanceof ServerConnection connection && this.budget.opened(System.nanoTime())) {
			log.atInfo()
				.setMessage("Connection from {} opened (id {} on {})")
				.addArgument(connection.peer())
				.addArgument(connection.id())
				.addArgument(connection.endpoint())
				.addKeyValue("connectionEvent", "opened")
				.addKeyValue("endpoint", connection.endpoint())
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
				|| reason == CloseReason.SLOW || reason == CloseReason.TLS;
		if (!this.budget.closed(reason, clientAtFault, System.nanoTime())) {
			return;
		}
		(clientAtFault ? log.atWarn() : log.atInfo())
			.setMessage("Connection from {} closed ({}{}) after {}, {} messages, {} replies, {} bytes in (id {} on {})")
			.addArgument(closed.peer())
			.addArgument(reason.tag())
			.addArgument(detail)
			.addArgument(() -> String.format("%.3f s", closed.duration().toNanos() / 1e9))
			.addArgument(closed.messagesIn())
			.addArgument(closed.repliesOut())
			.addArgument(closed.bytesIn())
			.addArgument(closed.id())
			.addArgument(closed.endpoint())
			.addKeyValue("connectionEvent", "closed")
			.addKeyValue("endpoint", closed.endpoint())
			.addKeyValue("peer", closed.peer())
			.addKeyValue("connectionId", closed.id())
			.addKeyValue("closeReason", reason.tag())
			.addKeyValue("durationMs", closed.duration().toMillis())
			.addKeyValue("messages", closed.messagesIn())
			.addKeyValue("replies", closed.repliesOut())
			.log();
	}

}
