package dev.upcase.tcp;

import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;

import dev.upcase.tcp.framing.FrameCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNioConnection;
import org.springframework.integration.ip.tcp.connection.TcpNioConnectionSupport;

/**
 * Makes the NIO server connection factory create {@link ServerConnection}s.
 */
final class ServerConnectionSupport implements TcpNioConnectionSupport {

	private final Settings settings;

	private final ServerState server;

	ServerConnectionSupport(Settings settings, ServerState server) {
		this.settings = settings;
		this.server = server;
	}

	@Override
	public TcpNioConnection createNewConnection(SocketChannel socketChannel, boolean isServer, boolean lookupHost,
			@Nullable ApplicationEventPublisher publisher, @Nullable String factoryName) {
		return new ServerConnection(socketChannel, lookupHost, publisher, factoryName, this.settings, this.server);
	}

	/**
	 * What every connection shares.
	 *
	 * @param ioExecutor runs socket reads
	 * @param workerPool runs message assembly and the flow (serialised per connection)
	 * @param readBufferBytes the socket read buffer per connection
	 * @param codec the framing; each connection gets a decoder of its own
	 * @param idleTimeout the idle timeout as configured, for the close reason
	 */
	record Settings(Executor ioExecutor, Executor workerPool, int readBufferBytes, FrameCodec codec,
			String idleTimeout) {
	}

	/** Whether the server is stopping, so that connections it closes say so. */
	interface ServerState {

		boolean stopping();

	}

}
