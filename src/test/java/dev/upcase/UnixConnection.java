package dev.upcase;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A Unix-domain socket for {@link TcpTestClient}. The JDK's channels have no read timeout, and a blocking channel
 * cannot be read on one thread while another waits on a selector for it; so the channel stays non-blocking, and
 * each direction waits on a selector of its own: reads end with a {@link SocketTimeoutException} like a TCP
 * socket's (a test fails, it does not hang), and one thread can write while another reads, as a client flooding
 * requests and reading replies slowly does.
 */
record UnixConnection(SocketChannel channel, InputStream in, OutputStream out) implements TcpTestClient.Connection {

	/**
	 * @param receiveBufferBytes the socket's receive buffer, or 0 for the system's default (a small one fills
	 * quickly: what the server cannot send piles up on its side)
	 */
	static UnixConnection open(Path path, int readTimeoutMillis, int receiveBufferBytes) {
		try {
			SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
			if (receiveBufferBytes > 0) {
				channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
			}
			channel.connect(UnixDomainSocketAddress.of(path));
			channel.configureBlocking(false);
			return new UnixConnection(channel, new SelectingInput(channel, readTimeoutMillis),
					new SelectingOutput(channel));
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
		this.channel.close(); // closes the selectors' keys too
	}

	private static Selector selector(SocketChannel channel, int interest) throws IOException {
		Selector selector = Selector.open();
		channel.register(selector, interest);
		return selector;
	}

	private static final class SelectingInput extends InputStream {

		private final SocketChannel channel;

		private final Selector selector;

		private final int timeoutMillis;

		SelectingInput(SocketChannel channel, int timeoutMillis) throws IOException {
			this.channel = channel;
			this.selector = selector(channel, SelectionKey.OP_READ);
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
			long deadline = System.currentTimeMillis() + this.timeoutMillis;
			while (true) {
				int n = this.channel.read(ByteBuffer.wrap(buffer, offset, length));
				if (n != 0) {
					return n;
				}
				long left = deadline - System.currentTimeMillis();
				if (left <= 0) {
					throw new SocketTimeoutException("no byte from the Unix socket for " + this.timeoutMillis + " ms");
				}
				this.selector.select(left);
				this.selector.selectedKeys().clear();
			}
		}

		@Override
		public void close() throws IOException {
			this.selector.close();
		}

	}

	/** Writes block until every byte is taken, as a blocking socket's do (no timeout: the server reads or closes). */
	private static final class SelectingOutput extends OutputStream {

		private final SocketChannel channel;

		private final Selector selector;

		SelectingOutput(SocketChannel channel) throws IOException {
			this.channel = channel;
			this.selector = selector(channel, SelectionKey.OP_WRITE);
		}

		@Override
		public void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
			while (buffer.hasRemaining()) {
				if (this.channel.write(buffer) == 0) {
					this.selector.select(1000); // woken when there is room, or to see a closed channel
					this.selector.selectedKeys().clear();
				}
			}
		}

		@Override
		public void close() throws IOException {
			this.selector.close();
		}

	}

}
