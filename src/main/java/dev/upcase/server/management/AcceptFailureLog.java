package dev.upcase.server.management;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

import org.apache.coyote.AbstractProtocol;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.upcase.server.transport.Throttle;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Tomcat's acceptor, when accepting fails (the process out of file descriptors, say), logs {@code Socket accept
 * failed} with a stack trace at every retry — several a second. This says it in one line at most every 10 s instead,
 * with the cause, a count and what to check, as the TCP endpoint does: a {@link Filter} on the acceptor's logger
 * (Tomcat logs through {@code java.util.logging}, which Spring Boot bridges to the application's log), so nothing in
 * Tomcat changes. Its other lines pass through untouched.
 */
@Component
class AcceptFailureLog implements Filter, ApplicationListener<WebServerInitializedEvent>, DisposableBean {

	/** the logger of {@code org.apache.tomcat.util.net.Acceptor} */
	static final String ACCEPTOR = "org.apache.tomcat.util.net.Acceptor";

	private static final Logger logger = LoggerFactory.getLogger(AcceptFailureLog.class);

	/** held here: java.util.logging keeps loggers weakly, and a collected one would lose this filter */
	private final java.util.logging.Logger acceptor = java.util.logging.Logger.getLogger(ACCEPTOR);

	private final @Nullable Filter previous;

	private final Throttle throttle = new Throttle(Duration.ofSeconds(10));

	/** by Tomcat's name for a connector (its acceptor thread's name without "-Acceptor"), where it listens */
	private final Map<String, String> listening = new ConcurrentHashMap<>();

	AcceptFailureLog() {
		this.previous = this.acceptor.getFilter();
		this.acceptor.setFilter(this);
	}

	/** Learns the name and address of each web server's connector: the HTTP port and a management port alike. */
	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getWebServer() instanceof TomcatWebServer tomcat
				&& tomcat.getTomcat().getConnector().getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
			this.listening.put(protocol.getName().replace("\"", ""), ManagementAddressLogger.root(tomcat));
		}
	}

	@Override
	public boolean isLoggable(LogRecord record) {
		Throwable failure = record.getThrown();
		if (failure == null) {
			return this.previous == null || this.previous.isLoggable(record);
		}
		long heldBack = this.throttle.tryPass();
		if (heldBack >= 0) {
			// the acceptor's thread is named for its connector, e.g. http-nio-127.0.0.1-8080-Acceptor
			String connector = Thread.currentThread().getName().replace("-Acceptor", "");
			logger.error("Cannot accept HTTP connections on {}: {}{}; Tomcat retries (check the open-files limit, "
					+ "ulimit -n)", where(connector),
					failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName(),
					heldBack > 0 ? ", " + heldBack + " more failures since the last report" : "");
		}
		return false;
	}

	/**
	 * @return the address of the connector whose acceptor thread has this name: Tomcat names a port-0 connector
	 * {@code http-nio-127.0.0.1-auto-1} when it starts the thread and {@code http-nio-127.0.0.1-auto-1-43149} once
	 * bound
	 */
	private String where(String connector) {
		for (Map.Entry<String, String> known : this.listening.entrySet()) {
			if (known.getKey().equals(connector) || known.getKey().startsWith(connector + "-")) {
				return known.getValue();
			}
		}
		return connector;
	}

	@Override
	public void destroy() {
		if (this.acceptor.getFilter() == this) {
			this.acceptor.setFilter(this.previous);
		}
	}

}
