/**
 * The TCP endpoint: the server connection factory behind the inbound gateway, its settings
 * ({@code upcase.tcp.*}), the connection class that keeps replies in order and memory small, and the
 * connection event log.
 */
@NullMarked
package dev.upcase.server.tcp;

import org.jspecify.annotations.NullMarked;
