/**
 * What every endpoint (TCP or TLS, Unix socket, UDP) shows of itself and its connections, and what an
 * operator can do with them. The transport implements {@link dev.upcase.server.endpoint.Endpoint} and
 * {@link dev.upcase.server.endpoint.LiveConnection}; the admin API, metrics and logs read them, so none of those
 * change when a transport does.
 */
@NullMarked
package dev.upcase.server.endpoint;

import org.jspecify.annotations.NullMarked;
