package dev.upcase.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * A small stand-in for the server, on the JDK's own sockets, to prove the client's TLS and Unix-socket connections
 * on their own (and for what the real server cannot be made to do, e.g. present a certificate for another host):
 * each read is answered with its bytes, ASCII letters uppercased, so raw and line framing both work.
 */
final class UppercasingTestServer implements AutoCloseable {

	/** What the TLS server asks of the client. */
	enum ClientAuth {

		NONE, NEED

	}

	private final AutoCloseable listener;

	private final int port;

	private final List<AutoCloseable> connections = new ArrayList<>();

	private UppercasingTestServer(AutoCloseable listener, int port) {
		this.listener = listener;
		this.port = port;
	}

	/**
	 * A TLS server on an ephemeral loopback port.
	 * @param certificate the server's certificate (PEM), with its key
	 * @param trusted the CA its clients' certificates must be signed by
	 */
	static UppercasingTestServer tls(Path certificate, Path key, Path trusted, ClientAuth clientAuth) throws IOException {
		PemSslStoreBundle stores = new PemSslStoreBundle(
				PemSslStoreDetails.forCertificates(Files.readString(certificate))
					.withPrivateKey(Files.readString(key)),
				PemSslStoreDetails.forCertificates(Files.readString(trusted)));
		SSLServerSocket socket = (SSLServerSocket) SslBundle.of(stores)
			.createSslContext()
			.getServerSocketFactory()
			.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
		socket.setNeedClientAuth(clientAuth == ClientAuth.NEED);
		UppercasingTestServer server = new UppercasingTestServer(socket, socket.getLocalPort());
		server.acceptInBackground(() -> {
			SSLSocket client = (SSLSocket) socket.accept();
			return new Connection(client, client.getInputStream(), client.getOutputStream());
		});
		return server;
	}

	/** A server on a Unix domain socket at {@code path}. */
	static UppercasingTestServer unix(Path path) throws IOException {
		ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		channel.bind(UnixDomainSocketAddress.of(path));
		UppercasingTestServer server = new UppercasingTestServer(channel, 0);
		server.acceptInBackground(() -> {
			SocketChannel client = channel.accept();
			// one thread reads and writes each connection: the blocking lock of these streams is no matter here
			return new Connection(client, Channels.newInputStream(client), Channels.newOutputStream(client));
		});
		return server;
	}

	String portText() {
		return String.valueOf(this.port);
	}

	private void acceptInBackground(Acceptor acceptor) {
		Thread thread = new Thread(() -> {
			try {
				while (true) {
					Connection connection = acceptor.accept();
					synchronized (this.connections) {
						this.connections.add(connection.closeable());
					}
					Thread reader = new Thread(connection::answer, "uppercasing-test-connection");
					reader.setDaemon(true);
					reader.start();
				}
			}
			catch (IOException ex) {
				// closed: the test is over
			}
		}, "uppercasing-test-server");
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public void close() throws Exception {
		this.listener.close();
		synchronized (this.connections) {
			for (AutoCloseable connection : this.connections) {
				connection.close();
			}
		}
	}

	private interface Acceptor {

		Connection accept() throws IOException;

	}

	private record Connection(AutoCloseable closeable, InputStream in, OutputStream out) {

		void answer() {
			byte[] buffer = new byte[8192];
			try (this.closeable) {
				int n;
				while ((n = this.in.read(buffer)) > 0) {
					for (int i = 0; i < n; i++) {
						if (buffer[i] >= 'a' && buffer[i] <= 'z') {
							buffer[i] -= 'a' - 'A';
						}
					}
					this.out.write(buffer, 0, n);
					this.out.flush();
				}
			}
			catch (Exception ex) {
				// a handshake the client refused, or the client went away: the test looks at the client's side
			}
		}

	}

}
