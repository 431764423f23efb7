package dev.upcase;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A plain blocking socket client for tests, with its own small framing code (independent of the server's
 * codecs, so that a codec bug cannot hide behind itself). Over TCP, over any connected socket (e.g. a TLS one), or
 * over a Unix-domain socket.
 */
public final class TcpTestClient implements AutoCloseable {

	private static final int READ_TIMEOUT_MILLIS = 15_000;

	private final Connection socket;

	private final InputStream in;

	private final OutputStream out;

	public TcpTestClient(int port) {
		this(connect(port));
	}

	/** @param socket a connected socket, e.g. an {@code SSLSocket} */
	public TcpTestClient(Socket socket) {
		try {
			socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			this.socket = new SocketConnection(socket);
			this.in = socket.getInputStream();
			this.out = socket.getOutputStream();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private TcpTestClient(UnixConnection unix) {
		this.socket = unix;
		this.in = unix.in();
		this.out = unix.out();
	}

	/** @return a client connected to the Unix-domain socket at {@code path} */
	public static TcpTestClient unix(java.nio.file.Path path) {
		return unix(path, 0);
	}

	/**
	 * @param receiveBufferBytes the socket's receive buffer (small: replies the client does not read pile up at the
	 * server), or 0 for the system's default
	 * @return a client connected to the Unix-domain socket at {@code path}
	 */
	public static TcpTestClient unix(java.nio.file.Path path, int receiveBufferBytes) {
		return new TcpTestClient(UnixConnection.open(path, READ_TIMEOUT_MILLIS, receiveBufferBytes));
	}

	private static Socket connect(int port) {
		try {
			Socket socket = new Socket("127.0.0.1", port);
			socket.setTcpNoDelay(true);
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int localPort() {
		return this.socket.localPort();
	}

	/** @return the connection's input, for tests that read at their own pace */
	public InputStream input() {
		return this.in;
	}

	/** @return the connection's output, e.g. for a writer thread while the test reads */
	public OutputStream output() {
		return this.out;
	}

	public TcpTestClient write(byte[] bytes) {
		try {
			this.out.write(bytes);
			this.out.flush();
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Writes only the first {@code length} bytes: a message cut off in the middle. */
	public TcpTestClient write(byte[] bytes, int length) {
		return write(java.util.Arrays.copyOf(bytes, length));
	}

	public TcpTestClient write(String text) {
		return write(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Writes a flood the server is expected to refuse.
	 * @return whether the server closed the connection (during the write or right after it)
	 */
	public boolean writeUntilClosed(String flood) {
		try {
			write(flood);
		}
		catch (UncheckedIOException ex) {
			return true; // reset or broken pipe: the server closed while we were still writing
		}
		return closedByServer();
	}

	public byte[] readExactly(int length) {
		try {
			byte[] bytes = this.in.readNBytes(length);
			if (bytes.length < length) {
				throw new IOException("connection closed after " + bytes.length + " of " + length + " bytes");
			}
			return bytes;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return whatever one read returns (the seed's {@code recv(1024)}) */
	public byte[] readSome(int max) {
		try {
			byte[] buffer = new byte[max];
			int n = this.in.read(buffer);
			if (n < 0) {
				throw new IOException("connection closed");
			}
			return java.util.Arrays.copyOf(buffer, n);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return the bytes up to (not including) the next LF */
	public String readLine() {
		try {
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			for (int b = this.in.read(); b != '\n'; b = this.in.read()) {
				if (b < 0) {
					throw new IOException("connection closed before the end of a line");
				}
				line.write(b);
			}
			return line.toString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String exchangeLine(String line) {
		write(line + "\n");
		return readLine();
	}

	/** @return whether the server closed (or reset) the connection, waiting at most the socket timeout */
	public boolean closedByServer() {
		try {
			while (true) {
				if (this.in.read() < 0) {
					return true;
				}
			}
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (SocketException ex) {
			return true; // reset
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Half-close: no more requests, but replies are still welcome. */
	public void shutdownOutput() {
		try {
			this.socket.shutdownOutput();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Close with an RST instead of a FIN. */
	public void reset() {
		try {
			this.socket.reset();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A client that never reads its replies: writes {@code request} {@code times} times on a thread of its own,
	 * until the server gives up on it.
	 * @return the started thread
	 */
	public static Thread floodWithoutReading(OutputStream out, byte[] request, int times) {
		Thread flood = new Thread(() -> {
			try {
				for (int i = 0; i < times; i++) {
					out.write(request);
				}
			}
			catch (IOException ex) {
				// the server gave up on us: expected
			}
		}, "never-reads");
		flood.start();
		return flood;
	}

	/** What the client does with its socket beyond reading and writing. */
	interface Connection extends java.io.Closeable {

		int localPort();

		void shutdownOutput() throws IOException;

		void reset() throws IOException;

	}

	private record SocketConnection(Socket socket) implements Connection {

		@Override
		public int localPort() {
			return this.socket.getLocalPort();
		}

		@Override
		public void shutdownOutput() throws IOException {
			this.socket.shutdownOutput();
		}

		@Override
		public void reset() throws IOException {
			this.socket.setSoLinger(true, 0);
			this.socket.close();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
