package dev.upcase.server.admin;

import java.time.Duration;
import java.time.Instant;

import dev.upcase.server.endpoint.LiveConnection;
import org.jspecify.annotations.Nullable;

/**
 * One open connection as {@code /actuator/connections} shows it: each counter read once, so sorting and paging
 * work on a consistent snapshot of it. Times are ISO-8601 (UTC), durations in seconds.
 */
record ConnectionView(String id, String peer, int localPort, String endpoint, String framing, String openedAt,
		double ageSeconds, double idleSeconds, long messagesIn, long repliesOut, long bytesIn, long bytesOut,
		@Nullable String lastMessageAt, long unsentBytes) {

	static ConnectionView of(LiveConnection connection, Instant now) {
		Instant lastMessageAt = connection.lastMessageAt();
		return new ConnectionView(connection.id(), connection.peer(), connection.localPort(), connection.endpoint(),
				connection.framing(), connection.openedAt().toString(), seconds(connection.openedAt(), now),
				seconds(connection.lastActivityAt(), now), connection.messagesIn(), connection.repliesOut(),
				connection.bytesIn(), connection.bytesOut(), lastMessageAt != null ? lastMessageAt.toString() : null,
				connection.unsentBytes());
	}

	/** @return seconds to the microsecond: fine enough that connections accepted one after another sort apart */
	static double seconds(Instant from, Instant to) {
		return Math.max(Duration.between(from, to).toNanos() / 1000, 0) / 1e6;
	}

}
