/**
 * The TCP endpoint on Netty, behind Spring Integration's connection-factory SPI: the factory the inbound gateway
 * uses ({@code NettyServerConnectionFactory}), each connection's pipeline ({@code ConnectionHandler}) and its
 * Spring Integration face ({@code ServerConnection}), what the endpoint admits and how it drains
 * ({@code TcpEndpoint}, the {@link dev.upcase.server.endpoint.Endpoint} operators see), its settings
 * ({@code upcase.tcp.*}), the connection log and its health indicator.
 */
@NullMarked
package dev.upcase.server.tcp;

import org.jspecify.annotations.NullMarked;
