package dev.upcase.server.endpoint;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A connection has closed: its account, published once per connection (refused connections have none) as an
 * application event. The connection log line, the close-reason metrics and the admin API's ring of recently closed
 * connections all read this one record.
 *
 * @param id the connection's id
 * @param endpoint the endpoint that accepted it
 * @param peer the client's {@code address:port}
 * @param localPort the local port it connected to
 * @param framing the framing's configuration name
 * @param openedAt when it was accepted
 * @param closedAt when it closed
 * @param messagesIn requests received whole
 * @param repliesOut replies written completely
 * @param bytesIn payload bytes received
 * @param bytesOut reply bytes written
 * @param reason why it closed
 * @param detail what exactly happened, when known (for {@link CloseReason#ADMIN}: who asked)
 */
public record ConnectionClosed(String id, String endpoint, String peer, int localPort, String framing,
		Instant openedAt, Instant closedAt, long messagesIn, long repliesOut, long bytesIn, long bytesOut,
		CloseReason reason, @Nullable String detail) {

	public Duration duration() {
		return Duration.between(this.openedAt, this.closedAt);
	}

}
