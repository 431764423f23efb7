package dev.upcase.client;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.connection.TcpNetConnectionSupport;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/**
 * A client connection that reads replies through a buffer, with room to push bytes back.
 * <p>
 * The stock NET connection hands its deserializer the bare socket stream: the delimiter framings read a byte at
 * a time, one system call each. Raw framing may push back the start of a character that a read cut in two,
 * which only a {@link PushbackInputStream} allows.
 */
final class BufferedClientConnection extends TcpNetConnection implements ClientConnection {

	/** What makes the NET client connection factory create these connections. */
	static final TcpNetConnectionSupport SUPPORT = (socket, server, lookupHost, publisher,
			factoryName) -> new BufferedClientConnection(socket, lookupHost, publisher, factoryName);

	private static final int BUFFER_BYTES = 8192;

	/** More than any charset's longest character, less its last byte. */
	private static final int PUSHBACK_BYTES = 8;

	private final Socket socket;

	private @Nullable InputStream input;

	private final ReadEnd readEnd = new ReadEnd();

	private volatile boolean replied;

	private BufferedClientConnection(Socket socket, boolean lookupHost, @Nullable ApplicationEventPublisher publisher,
			@Nullable String factoryName) {
		super(socket, false, lookupHost, publisher, factoryName);
		this.socket = socket;
	}

	@Override
	public Object getPayload() {
		try {
			Object reply = super.getPayload();
			this.replied = true;
			return reply;
		}
		catch (RuntimeException ex) {
			Exception failure = ClientConnection.cause(ex);
			Exception reason = CertificateRequests.explain(this.socket, failure, this.replied);
			this.readEnd.failed(reason);
			throw (reason != failure && reason instanceof IOException explained) ? new UncheckedIOException(explained) : ex;
		}
	}

	/** A send on a connection whose reader failed fails for the reader's reason, not for the closed socket's. */
	@Override
	public void send(Message<?> message) {
		try {
			super.send(message);
		}
		catch (MessagingException ex) {
			// the failed send closed the socket, if the reader had not: either way the reader ends now
			Exception reason = this.readEnd.reason(REASON_WAIT);
			Exception sendFailure = (ex.getCause() instanceof Exception cause) ? cause : ex;
			if (reason == null || CertificateRequests.isClose(reason)) {
				// the reader knows only that the socket closed (maybe by this send): the send's failure says as much
				reason = CertificateRequests.explain(this.socket, sendFailure, this.replied);
			}
			if (reason == sendFailure) {
				throw ex;
			}
			MessagingException failure = new MessagingException(message, "Send Failed", reason);
			failure.addSuppressed(ex);
			throw failure;
		}
	}

	@Override
	public @Nullable Exception readFailure(Duration wait) {
		return this.readEnd.reason(wait);
	}

	@Override
	protected InputStream inputStream() throws IOException {
		// only the connection's one reader thread gets here
		if (this.input == null) {
			this.input = buffered(this.socket.getInputStream());
		}
		return this.input;
	}

	/** @return {@code in} as every client connection reads it: buffered, with room to push bytes back */
	static InputStream buffered(InputStream in) {
		return new PushbackInputStream(new BufferedInputStream(in, BUFFER_BYTES), PUSHBACK_BYTES);
	}

}
