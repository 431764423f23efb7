package dev.upcase.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.upcase.client.ReplyDeserializer.ServerClosedException;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.MessageTimeoutException;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.integration.dsl.context.IntegrationFlowContext.IntegrationFlowRegistration;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.connection.AbstractClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.messaging.support.GenericMessage;

/**
 * A connection with several requests in flight: streamed pipe mode, and {@code bench --pipeline K}. A request/reply
 * gateway cannot do that (it waits for each reply), so this connection has a TCP outbound channel adapter and an
 * inbound channel adapter collaborating on it, registered at run time for this connection alone:
 * <pre>
 *  send(request) ──▶ outbound channel adapter ──▶ ┐
 *                                                  one connection (the server replies in request order)
 *  nextReply() ◀── queue ◀── inbound channel adapter ◀── ┘
 * </pre>
 * The replies need no correlation: the next one that arrives belongs to the oldest request without one. Used by
 * one thread only.
 */
public final class PipelinedConnection implements RequestStream {

	private static final long POLL_MILLIS = 100;

	private final int window;

	private final Duration timeout;

	private final AbstractClientConnectionFactory factory;

	/** Replies with the connection they came on: after a reconnect, a late one from the old connection is dropped. */
	private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();

	private final IntegrationFlowRegistration inbound;

	private final IntegrationFlowRegistration outbound;

	private @Nullable TcpConnectionSupport connection;

	public PipelinedConnection(IntegrationFlowContext flows, ClientSettings settings, int window) {
		this.window = window;
		this.timeout = settings.timeout();
		// one connection, shared by both adapters; a pipe may pause between lines: nextReply() times the replies
		this.factory = ClientConnections.factory(settings, false, false);
		// the inbound flow registers the connection factory as a bean; the outbound one only uses it
		this.inbound = flows.registration(IntegrationFlow.from(Tcp.inboundAdapter(this.factory))
			.handle(byte[].class, (reply, headers) -> {
				this.replies.add(new Reply(String.valueOf(headers.get(IpHeaders.CONNECTION_ID)), reply));
				return null;
			})
			.get()).addBean(this.factory).register();
		this.outbound = flows.registration(flow -> flow.handle(Tcp.outboundAdapter(this.factory))).register();
	}

	@Override
	public int window() {
		return this.window;
	}

	@Override
	public void connect() {
		try {
			this.connection = this.factory.getConnection();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while connecting", ex);
		}
	}

	@Override
	public void send(byte[] request) {
		this.outbound.getInputChannel().send(new GenericMessage<>(request));
	}

	/**
	 * @throws UncheckedIOException with a {@link ServerClosedException} when the connection is gone, and
	 * {@link MessageTimeoutException} when no reply comes within the client's timeout
	 */
	@Override
	public byte[] nextReply() {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		try {
			while (true) {
				Reply reply = this.replies.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
				if (reply != null) {
					if (reply.on(this.connection)) {
						return reply.bytes();
					}
					continue; // from a connection given up by reconnect()
				}
				if (this.factory.getOpenConnectionIds().isEmpty()) {
					// the connection's reader hands over its last replies before it closes the connection
					for (reply = this.replies.poll(); reply != null; reply = this.replies.poll()) {
						if (reply.on(this.connection)) {
							return reply.bytes();
						}
					}
					throw closed();
				}
				if (System.nanoTime() > deadline) {
					throw new MessageTimeoutException("no reply within " + Durations.text(this.timeout));
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for a reply", ex);
		}
	}

	/** @return why the connection is gone: its reader's reason (a TLS alert...), or the server's close */
	private RuntimeException closed() {
		Exception reason = (this.connection instanceof ClientConnection client)
				? client.readFailure(ClientConnection.REASON_WAIT) : null;
		if (reason instanceof IOException failure) {
			return new UncheckedIOException(failure);
		}
		return (reason instanceof RuntimeException failure) ? failure
				: new UncheckedIOException(new ServerClosedException());
	}

	@Override
	public void reconnect() {
		TcpConnectionSupport old = this.connection;
		if (old != null) {
			old.close(); // one whose write failed may still read: it is not used again either way
		}
		this.replies.clear();
		connect();
	}

	@Override
	public void close() {
		this.outbound.destroy();
		this.inbound.destroy();
	}

	/** A reply, and the id of the connection it came on. */
	private record Reply(String connectionId, byte[] bytes) {

		boolean on(@Nullable TcpConnectionSupport connection) {
			return connection != null && this.connectionId.equals(connection.getConnectionId());
		}

	}

}
