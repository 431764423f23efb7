/**
 * The TCP endpoint: the server connection factory behind the inbound gateway, its settings
 * ({@code upcase.tcp.*}), the connection class that keeps replies in order and memory small, and the
 * connection event log; {@code TcpEndpointAdapter} shows it through {@link dev.upcase.server.endpoint.Endpoint} to the
 * admin API and health.
 */
@NullMarked
package dev.upcase.server.tcp;

import org.jspecify.annotations.NullMarked;
