package dev.upcase.server.tcp;

import java.net.SocketAddress;

import dev.upcase.server.transport.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;

/**
 * How a stream endpoint listens: on a TCP port ({@link InetListener}, plain or TLS) or on a Unix-domain socket file
 * ({@link UnixListener}). Everything after the first handlers of a connection's pipeline — framing, the gateway,
 * limits, drain — is the same for every listener.
 */
sealed interface StreamListener permits InetListener, UnixListener {

	Class<? extends ServerChannel> channelType(EventLoops loops);

	/** Options of the accepted connections that depend on the kind of socket (e.g. TCP_NODELAY). */
	void configure(ServerBootstrap bootstrap);

	/** Prepares the place to listen (e.g. a stale socket file) and says where to bind. */
	SocketAddress bindAddress(EventLoops loops);

	/** The listening socket is bound: finish setting it up; @return where it listens, as operators read it */
	String bound(Channel server);

	/** The listening socket is closed: clean up after it (e.g. the socket file). */
	void closed();

	/** The first handlers of a new connection's pipeline, before the framing (e.g. TLS). */
	void initConnection(Channel channel);

	/**
	 * @return whether a connection must finish a handshake (TLS) before it is a client: until then it holds its slot
	 * only while no newcomer needs it
	 */
	default boolean handshakes() {
		return false;
	}

	/** @return who is at the other end of an accepted connection */
	Peer peer(Channel channel);

	/**
	 * The other end of a connection.
	 * @param address the client's address alone ({@code unix} for a Unix socket)
	 * @param port its port, {@code 0} for a Unix socket
	 * @param display as logs and the admin API show it: {@code 127.0.0.1:50312}, {@code [::1]:50312}, or for a Unix
	 * socket the client's process and user when the kernel tells them, e.g. {@code unix:pid=4242,uid=1000}
	 * @param localPort the port the client connected to, {@code 0} for a Unix socket
	 */
	record Peer(String address, int port, String display, int localPort) {
	}

}
