/**
 * The stream endpoints on Netty — TCP, TLS and Unix-domain sockets — behind Spring Integration's connection-factory
 * SPI: the one factory the inbound gateway uses ({@code NettyServerConnectionFactory}, a listener per endpoint:
 * {@code InetListener}, {@code UnixListener}), each connection's pipeline ({@code ConnectionHandler}) and its Spring
 * Integration face ({@code ServerConnection}), what each endpoint admits and how it drains
 * ({@code StreamEndpoint}, the {@link dev.upcase.server.endpoint.Endpoint} operators see), TLS from Spring Boot SSL
 * bundles ({@code TlsContext}), the settings ({@code upcase.tcp.*}, {@code upcase.unix.*}), the connection log
 * and the startup checks.
 */
@NullMarked
package dev.upcase.server.tcp;

import org.jspecify.annotations.NullMarked;
