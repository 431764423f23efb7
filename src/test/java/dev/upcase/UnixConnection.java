package dev.upcase;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A Unix-domain socket for {@link TcpTestClient}: the JDK's channels have no read timeout, so reads wait on a
 * selector and end with a {@link SocketTimeoutException} like a TCP socket's — a test fails, it does not hang.
 */
record UnixConnection(SocketChannel channel, InputStream in) implements TcpTestClient.Connection {

	static UnixConnection open(Path path, int readTimeoutMillis) {
		try {
			SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
			channel.connect(UnixDomainSocketAddress.of(path));
			return new UnixConnection(channel, new TimedInput(channel, readTimeoutMillis));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public int localPort() {
		return 0; // a Unix socket has no port
	}

	@Override
	public void shutdownOutput() throws IOException {
		this.channel.shutdownOutput();
	}

	/** A Unix socket has no RST: the closest is closing with unread data, which is what the server sees. */
	@Override
	public void reset() throws IOException {
		this.channel.close();
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

	private static final class TimedInput extends InputStream {

		private final SocketChannel channel;

		private final int timeoutMillis;

		TimedInput(SocketChannel channel, int timeoutMillis) {
			this.channel = channel;
			this.timeoutMillis = timeoutMillis;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int n = read(one, 0, 1);
			return n < 0 ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			this.channel.configureBlocking(false);
			try {
				try (Selector selector = Selector.open()) {
					this.channel.register(selector, SelectionKey.OP_READ);
					long deadline = System.currentTimeMillis() + this.timeoutMillis;
					while (true) {
						int n = this.channel.read(ByteBuffer.wrap(buffer, offset, length));
						if (n != 0) {
							return n;
						}
						long left = deadline - System.currentTimeMillis();
						if (left <= 0) {
							throw new SocketTimeoutException(
									"no byte from the Unix socket for " + this.timeoutMillis + " ms");
						}
						selector.select(left);
					}
				}
			}
			finally {
				if (this.channel.isOpen()) {
					this.channel.configureBlocking(true); // writes block; the selector (closed) no longer holds it
				}
			}
		}

	}

}
