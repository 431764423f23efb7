package dev.upcase.client;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLSession;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpListener;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/**
 * One client connection over a Unix domain socket: a blocking {@link SocketChannel}, read on its own thread with the
 * factory's deserializer, as Spring Integration's NET connection reads its socket. Each reply goes to the listener
 * (the outbound gateway, or the inbound channel adapter); a read failure goes to it too, as an error message, so that
 * a request waiting for its reply hears of it at once; then the connection is closed.
 * <p>
 * The channel is read and written through streams of our own: the JDK 17 streams of {@code Channels} take the
 * channel's blocking lock for each read and each write, so a reader waiting for a reply would stop every request
 * from being sent.
 */
final class UnixSocketConnection extends TcpConnectionSupport implements ClientConnection {

	private static final int WRITE_BUFFER_BYTES = 8192;

	private final SocketChannel channel;

	private final Path path;

	private final InputStream input;

	private final OutputStream output;

	private final Lock sendLock = new ReentrantLock();

	private final ReadEnd readEnd = new ReadEnd();

	UnixSocketConnection(SocketChannel channel, Path path, @Nullable ApplicationEventPublisher publisher) {
		super(publisher);
		this.channel = channel;
		this.path = path;
		this.input = BufferedClientConnection.buffered(new ChannelInput(channel));
		this.output = new BufferedOutputStream(new ChannelOutput(channel), WRITE_BUFFER_BYTES);
	}

	/** Reads until the connection ends, the way {@code TcpNetConnection#run()} does. */
	@Override
	public void run() {
		publishConnectionOpenEvent();
		while (true) {
			Message<?> message;
			try {
				message = getMapper().toMessage(this);
			}
			catch (Exception ex) {
				readFailed(ex);
				return;
			}
			TcpListener listener = getListener();
			if (message != null && listener != null) {
				listener.onMessage(message);
			}
		}
	}

	private void readFailed(Exception ex) {
		this.readEnd.failed(ex);
		Exception cause = this.readEnd.reason(Duration.ZERO);
		publishConnectionExceptionEvent(cause);
		closeConnection(true);
		if (!(cause instanceof SoftEndOfStreamException)) {
			sendExceptionToListener(cause);
		}
	}

	@Override
	public Object getPayload() {
		try {
			return getDeserializer().deserialize(this.input);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public void send(Message<?> message) {
		this.sendLock.lock();
		try {
			Object payload = getMapper().fromMessage(message);
			((Serializer<Object>) getSerializer()).serialize(payload, this.output);
			this.output.flush();
		}
		catch (Exception ex) {
			Exception reason = this.readEnd.reason(Duration.ZERO); // the reader's, if it closed the connection first
			MessagingException failure = new MessagingException(message, "Send Failed", (reason != null) ? reason : ex);
			publishConnectionExceptionEvent(failure);
			closeConnection(true);
			throw failure;
		}
		finally {
			this.sendLock.unlock();
		}
	}

	@Override
	public void close() {
		setNoReadErrorOnClose(true);
		try {
			this.channel.close(); // the reader's blocked read ends with an AsynchronousCloseException
		}
		catch (IOException ex) {
			// closed either way
		}
		super.close();
	}

	@Override
	public @Nullable Exception readFailure(Duration wait) {
		return this.readEnd.reason(wait);
	}

	@Override
	public boolean isOpen() {
		return this.channel.isOpen();
	}

	@Override
	public String getHostName() {
		return this.path.toString();
	}

	@Override
	public String getHostAddress() {
		return this.path.toString();
	}

	/** A Unix domain socket has no port. */
	@Override
	public int getPort() {
		return 0;
	}

	@Override
	public Object getDeserializerStateKey() {
		return this.input;
	}

	@Override
	public @Nullable SSLSession getSslSession() {
		return null;
	}

	@Override
	public void shutdownInput() throws IOException {
		this.channel.shutdownInput();
	}

	@Override
	public void shutdownOutput() throws IOException {
		this.channel.shutdownOutput();
	}

	/** Reads the channel directly; {@code available()} stays 0, so a buffered read returns what one read brought. */
	private static final class ChannelInput extends InputStream {

		private final SocketChannel channel;

		ChannelInput(SocketChannel channel) {
			this.channel = channel;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int n = read(one, 0, 1);
			return (n < 0) ? -1 : one[0] & 0xFF;
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			int n;
			do {
				n = this.channel.read(ByteBuffer.wrap(bytes, offset, length));
			}
			while (n == 0); // a blocking channel returns 0 only for an empty buffer; be safe all the same
			return n;
		}

	}

	private static final class ChannelOutput extends OutputStream {

		private final SocketChannel channel;

		ChannelOutput(SocketChannel channel) {
			this.channel = channel;
		}

		@Override
		public void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
			while (buffer.hasRemaining()) {
				this.channel.write(buffer);
			}
		}

	}

}
