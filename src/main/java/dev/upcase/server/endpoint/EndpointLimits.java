package dev.upcase.server.endpoint;

import java.time.Duration;

/**
 * An endpoint's limits, as configured.
 *
 * @param maxConnections connections over this many are refused
 * @param maxConnectionsPerPeer connections from one client address (an IPv6 client's /64) over this many are refused,
 * on every stream endpoint together; 0 where the endpoint has no connections
 * @param maxTotalConnections connections on all stream endpoints together over this many are refused; 0 where the
 * endpoint has no connections
 * @param maxMessageBytes the largest request
 * @param idleTimeout a connection with no bytes moving either way for this long is closed; zero = never
 * @param writeTimeout a client that takes no reply byte for this long is disconnected
 * @param maxUnsentBytes reply bytes a client may leave unread before it is disconnected
 */
public record EndpointLimits(int maxConnections, int maxConnectionsPerPeer, int maxTotalConnections,
		long maxMessageBytes, Duration idleTimeout, Duration writeTimeout, long maxUnsentBytes) {
}
