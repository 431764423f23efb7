/**
 * What every endpoint's transport shares: the Netty event loops (one set for TCP, TLS, Unix-socket and UDP
 * traffic, so a two-core machine runs two busy threads, not eight), and the throttle that keeps repeated log lines
 * to one per interval, and the startup failure of an endpoint that cannot listen ({@code ListenerSetupException}).
 */
@NullMarked
package dev.upcase.server.transport;

import org.jspecify.annotations.NullMarked;
