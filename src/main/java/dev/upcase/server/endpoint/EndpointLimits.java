package dev.upcase.server.endpoint;

import java.time.Duration;

/**
 * An endpoint's limits, as configured.
 *
 * @param maxConnections connections over this many are refused
 * @param maxMessageBytes the largest request
 * @param idleTimeout a connection with no bytes moving either way for this long is closed; zero = never
 * @param writeTimeout a client that takes no reply byte for this long is disconnected
 * @param maxUnsentBytes reply bytes a client may leave unread before it is disconnected
 */
public record EndpointLimits(int maxConnections, long maxMessageBytes, Duration idleTimeout, Duration writeTimeout,
		long maxUnsentBytes) {
}
