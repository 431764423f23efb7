package dev.upcase.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A server for tests that misbehaves on purpose: it accepts connections and then either never answers or closes
 * them at once.
 */
final class SilentServer implements AutoCloseable {

	private final ServerSocket socket;

	private final List<Socket> accepted = new ArrayList<>();

	SilentServer(boolean closeAtOnce) throws IOException {
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(() -> accept(closeAtOnce), "silent-server");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void accept(boolean closeAtOnce) {
		try {
			while (true) {
				Socket client = this.socket.accept();
				if (closeAtOnce) {
					client.close();
				}
				else {
					synchronized (this.accepted) {
						this.accepted.add(client); // held open, never read, never answered
					}
				}
			}
		}
		catch (IOException ex) {
			// closed: the test is over
		}
	}

	int port() {
		return this.socket.getLocalPort();
	}

	String portText() {
		return String.valueOf(port());
	}

	@Override
	public void close() {
		try {
			this.socket.close();
			synchronized (this.accepted) {
				for (Socket client : this.accepted) {
					client.close();
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
