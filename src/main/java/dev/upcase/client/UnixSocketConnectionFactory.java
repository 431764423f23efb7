package dev.upcase.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.integration.ip.tcp.connection.AbstractClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.util.Assert;

/**
 * Client connections to a Unix domain socket ({@code --unix}), for the same outbound gateway and channel adapters as
 * the TCP connections. Spring Integration's own client factories cannot open one: the NET connection is built on a
 * {@link java.net.Socket}, and the NIO connection calls {@link SocketChannel#socket()}, which a Unix-domain channel
 * does not have. So this factory opens the JDK's Unix-domain {@link SocketChannel} (Java 16+) itself, and hands the
 * connection through the steps Spring Integration's NET client factory takes: wrap (which also enters it in the
 * factory's table of open connections), initialize (listener, senders, codec), then run its reader on the task
 * executor.
 */
final class UnixSocketConnectionFactory extends AbstractClientConnectionFactory {

	private final Path path;

	UnixSocketConnectionFactory(Path path) {
		super(path.toString(), 0); // the "host" names the socket in Spring Integration's log lines; no port
		this.path = path;
	}

	@Override
	public void start() {
		setActive(true);
		super.start();
	}

	@Override
	@SuppressWarnings("NullAway") // initializeConnection's socket: unused by Spring Integration 7.1, and there is none
	protected TcpConnectionSupport buildNewConnection() {
		UnixSocketConnection connection = new UnixSocketConnection(connect(), this.path,
				getApplicationEventPublisher());
		TcpConnectionSupport wrapped = wrapConnection(connection);
		// interceptors would need the connection's package-private setSenders(...): the client has none
		Assert.state(wrapped == connection, "connection interceptors are not supported on a Unix domain socket");
		initializeConnection(connection, null);
		getTaskExecutor().execute(connection);
		harvestClosedConnections();
		return connection;
	}

	/** @return a blocking channel connected to the socket file (a local connect: no timeout to wait out) */
	private SocketChannel connect() {
		SocketChannel channel = null;
		try {
			channel = SocketChannel.open(StandardProtocolFamily.UNIX);
			channel.connect(UnixDomainSocketAddress.of(this.path));
			return channel;
		}
		catch (IOException ex) {
			if (channel != null) {
				try {
					channel.close();
				}
				catch (IOException closeFailure) {
					ex.addSuppressed(closeFailure);
				}
			}
			// a connect failure, whatever the JDK calls it: a missing file is a bare SocketException ("No such file
			// or directory"), which would read as a broken connection
			ConnectException failure = new ConnectException(
					Files.exists(this.path) ? ex.getMessage() : "no such socket file");
			failure.initCause(ex);
			throw new UncheckedIOException(failure);
		}
	}

}
