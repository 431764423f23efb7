package dev.upcase.server.tcp;

import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;

import dev.upcase.framing.FrameCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNioConnection;
import org.springframework.integration.ip.tcp.connection.TcpNioConnectionSupport;

/**
 * Makes the NIO server connection factory create {@link ServerConnection}s, and refuses those over the
 * connection limit or arriving while the endpoint is paused or draining (admin API). The factory creates connections one at a time on its selector thread and registers each
 * (through its open event) before the next, so the count it checks is exact.
 */
final class ServerConnectionSupport implements TcpNioConnectionSupport {

	private final Settings settings;

	private final ServerState server;

	private final IntSupplier openConnections;

	ServerConnectionSupport(Settings settings, ServerState server, IntSupplier openConnections) {
		this.settings = settings;
		this.server = server;
		this.openConnections = openConnections;
	}

	@Override
	public TcpNioConnection createNewConnection(SocketChannel socketChannel, boolean isServer, boolean lookupHost,
			@Nullable ApplicationEventPublisher publisher, @Nullable String factoryName) {
		boolean rejected = this.server.refusing()
				|| this.openConnections.getAsInt() >= this.settings.maxConnections();
		return new ServerConnection(socketChannel, lookupHost, publisher, factoryName, this.settings, this.server,
				rejected);
	}

	/**
	 * What every connection shares.
	 *
	 * @param workerPool runs message assembly and the flow (serialised per connection)
	 * @param replyWriter writes the replies a slow client has not taken yet
	 * @param codec the framing; each connection gets a decoder of its own
	 * @param readBufferBytes the socket read buffer per connection
	 * @param maxUnsentBytes reply bytes a connection may leave unread before it is closed
	 * @param maxConnections connections over this many are refused
	 * @param idleTimeout the idle timeout as configured, for the close reason
	 * @param framing the framing's configuration name, for the admin API
	 */
	record Settings(Executor workerPool, ReplyWriter replyWriter, FrameCodec codec,
			int readBufferBytes, long maxUnsentBytes, int maxConnections, String idleTimeout, String framing) {
	}

	/** Whether the server is stopping, so that connections it closes say so, and whether it takes new clients. */
	interface ServerState {

		/** @return the application is stopping or the endpoint draining: closes from now on are for SHUTDOWN */
		boolean stopping();

		/** @return new clients are refused (paused or draining) */
		boolean refusing();

	}

}
