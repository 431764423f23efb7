package dev.upcase.server.admin;

import dev.upcase.server.endpoint.ConnectionClosed;
import org.jspecify.annotations.Nullable;

/**
 * One recently closed connection as {@code /actuator/connections?state=closed} shows it: when, after how long,
 * its traffic, and why ({@code reason} as in {@code upcase_connections_closed_total{reason}}; {@code detail} says
 * more when known, e.g. who closed it).
 */
record ClosedConnectionView(String id, String peer, int localPort, String endpoint, String framing, String openedAt,
		String closedAt, double durationSeconds, long messagesIn, long repliesOut, long bytesIn, long bytesOut,
		String reason, @Nullable String detail) {

	static ClosedConnectionView of(ConnectionClosed closed) {
		return new ClosedConnectionView(closed.id(), closed.peer(), closed.localPort(), closed.endpoint(),
				closed.framing(), closed.openedAt().toString(), closed.closedAt().toString(),
				ConnectionView.seconds(closed.openedAt(), closed.closedAt()), closed.messagesIn(), closed.repliesOut(),
				closed.bytesIn(), closed.bytesOut(), closed.reason().tag(), closed.detail());
	}

}
