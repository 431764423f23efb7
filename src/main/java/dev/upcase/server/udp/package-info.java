/**
 * The UDP endpoint on Netty: one datagram in, one uppercased datagram out to its sender, from the socket it came
 * to. Datagrams reach the one flow through a Spring Integration gateway of their own ({@code DatagramGateway}), on
 * the shared event loops; {@code DatagramEndpoint} is the {@link dev.upcase.server.endpoint.Endpoint} operators
 * see and steer (no connections: it counts datagrams and peers instead), its settings are {@code upcase.udp.*}.
 */
@NullMarked
package dev.upcase.server.udp;

import org.jspecify.annotations.NullMarked;
