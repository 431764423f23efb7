/**
 * The client CLI, {@code upcase client}: talks to an upcase server through a Spring Integration TCP outbound
 * gateway (or, to stream, collaborating TCP channel adapters), over TCP, TLS
 * ({@link dev.upcase.client.ClientTls}) or a Unix-domain socket
 * ({@link dev.upcase.client.UnixSocketConnectionFactory}), interactively at a {@code >>: } prompt, line by line from a pipe, or once from the command line; with {@code --udp}, each message is a datagram on a plain JDK socket
 * ({@link dev.upcase.client.DatagramClient}). {@code upcase client bench}, the load generator, is in
 * {@link dev.upcase.client.bench}.
 * <p>
 * A small application of its own: a plain Spring context ({@link dev.upcase.client.ClientContext},
 * {@link dev.upcase.client.ClientConfiguration}) with no Spring Boot application around it, so that it starts at
 * once. The server ({@code dev.upcase.server}) scans only its own package root and never sees this one.
 */
@NullMarked
package dev.upcase.client;

import org.jspecify.annotations.NullMarked;
