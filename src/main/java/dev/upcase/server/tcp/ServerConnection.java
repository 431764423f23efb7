package dev.upcase.server.tcp;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLSession;

import dev.upcase.framing.Framing;
import dev.upcase.server.endpoint.CloseReason;
import dev.upcase.server.endpoint.ConnectionClosed;
import dev.upcase.server.endpoint.LiveConnection;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.messaging.Message;

/**
 * One client's connection, as Spring Integration sees it ({@link TcpConnectionSupport}: the inbound gateway
 * receives its messages and sends each reply back through {@link #send(Message)}) and as operators see it
 * ({@link LiveConnection}: its counters, and a close with a reason). The bytes move on a Netty channel, driven by
 * {@link ConnectionHandler} on the channel's event loop; every counter here is written on that thread only.
 */
public final class ServerConnection extends TcpConnectionSupport implements LiveConnection {

	private static final AtomicLong IDS = new AtomicLong();

	private final Channel channel;

	private final String endpoint;

	private final Framing framing;

	private final String id = Long.toString(IDS.incrementAndGet());

	private final String peerAddress;

	private final int peerPort;

	private final String peer;

	private final int localPort;

	private final Instant openedAt = Instant.now();

	private final String factoryName;

	private final ConnectionState state = new ConnectionState(System.currentTimeMillis());

	/** The request being handed to the gateway: what {@link #getPayload()} returns to the message mapper. */
	private byte @Nullable [] payload;

	private boolean flushPending;

	ServerConnection(Channel channel, String endpoint, StreamListener.Peer peer, Framing framing,
			@Nullable ApplicationEventPublisher publisher, String factoryName) {
		super(publisher);
		this.channel = channel;
		this.endpoint = endpoint;
		this.framing = framing;
		this.peerAddress = peer.address();
		this.peerPort = peer.port();
		this.peer = peer.display();
		this.localPort = peer.localPort();
		this.factoryName = factoryName;
	}

	/** TcpConnectionSupport takes the factory's name only in its socket constructor; its events read it here. */
	@Override
	public String getConnectionFactoryName() {
		return this.factoryName;
	}

	// --- from the channel (event loop) ----------------------------------------------------------------------------

	void opened() {
		publishConnectionOpenEvent();
	}

	/** A whole request arrived: hand it to the gateway, which answers through {@link #send(Message)}. */
	void received(byte[] request) {
		this.state.requestReceived(request.length, System.currentTimeMillis());
		this.payload = request;
		Message<?> message = getMapper().toMessage(this);
		this.payload = null;
		if (message != null) {
			getListener().onMessage(message);
		}
	}

	/** Writes the replies of this read batch to the socket, in one system call where they fit. */
	void flush() {
		if (this.flushPending) {
			this.flushPending = false;
			this.channel.flush();
		}
	}

	/** The channel has closed (whichever side closed it): Spring Integration forgets it, and the close is told. */
	ConnectionClosed closed(CloseReason otherwise) {
		ConnectionState.Closing reason = this.state.closing(otherwise);
		super.close(); // the gateway forgets the connection; Spring Integration's close event
		return new ConnectionClosed(this.id, endpoint(), this.peer, this.localPort, framing(), this.openedAt,
				Instant.now(), messagesIn(), repliesOut(), bytesIn(), bytesOut(), reason.reason(), reason.detail());
	}

	/** @return what the connection has done, and why it ends */
	ConnectionState state() {
		return this.state;
	}

	Channel channel() {
		return this.channel;
	}

	// --- Spring Integration's view ---------------------------------------------------------------------------------

	/**
	 * Frames the reply and queues it on the channel; it is flushed with the others of the same read batch. Called
	 * by the gateway on the event loop, right after {@link #received}; from any other thread the write moves to
	 * the event loop, so that replies stay in order and the counters keep one writer.
	 */
	@Override
	public void send(Message<?> message) {
		Object reply = getMapper().fromMessage(message);
		if (!(reply instanceof byte[] bytes)) {
			throw new IllegalArgumentException("a reply must have a byte[] or String payload, not " + message);
		}
		if (this.channel.eventLoop().inEventLoop()) {
			write(bytes);
		}
		else {
			this.channel.eventLoop().execute(() -> {
				write(bytes);
				flush();
			});
		}
	}

	private void write(byte[] reply) {
		if (!this.channel.isActive()) {
			return; // the client has gone: nobody to answer (its close is being told already)
		}
		ByteBuf frame = this.framing.encode(reply, this.channel.alloc());
		int size = frame.readableBytes();
		this.state.replyQueued(size, System.currentTimeMillis());
		this.flushPending = true;
		this.channel.write(frame).addListener(new Written(size));
	}

	/** Counts a reply once the socket has taken all of it. */
	private final class Written implements ChannelFutureListener {

		private final int size;

		Written(int size) {
			this.size = size;
		}

		@Override
		public void operationComplete(ChannelFuture future) {
			ServerConnection.this.state.replyDone(this.size, future.isSuccess(), System.currentTimeMillis());
		}

	}

	/** @return the request being mapped to a message (Spring Integration's mapper asks the connection for it) */
	@Override
	public @Nullable Object getPayload() {
		return this.payload;
	}

	@Override
	public boolean isOpen() {
		return this.channel.isOpen();
	}

	/** Spring Integration closes the connection (e.g. its factory stopping). */
	@Override
	public void close() {
		close(CloseReason.SHUTDOWN, null);
	}

	@Override
	public void run() {
		// Spring Integration's connections are Runnable to read from a blocking socket; Netty reads this one
	}

	@Override
	public boolean isServer() {
		return true;
	}

	@Override
	public String getConnectionId() {
		return this.id;
	}

	@Override
	public String getHostName() {
		return this.peerAddress; // no reverse DNS per connection
	}

	@Override
	public String getHostAddress() {
		return this.peerAddress;
	}

	@Override
	public int getPort() {
		return this.peerPort;
	}

	@Override
	public @Nullable Object getDeserializerStateKey() {
		return null;
	}

	@Override
	public @Nullable SSLSession getSslSession() {
		SslHandler tls = this.channel.pipeline().get(SslHandler.class);
		return tls != null ? tls.engine().getSession() : null;
	}

	// --- the operator's view ---------------------------------------------------------------------------------------

	@Override
	public void close(CloseReason reason, @Nullable String detail) {
		this.state.recordClosing(reason, detail);
		ChannelHandlerContext tls = this.channel.pipeline().context(SslHandler.class);
		if (tls != null && (reason == CloseReason.SLOW || !this.channel.isWritable()
				|| !((SslHandler) tls.handler()).handshakeFuture().isDone())) {
			// TLS says goodbye (close_notify) before it closes, but behind replies the client is not taking that
			// goodbye never leaves, and Netty force-closes seconds later with a warning of its own: close the socket
			// under the TLS layer at once, as a plain TCP connection is. The same before the handshake has ended:
			// there is no session to say goodbye in, and a plain-text client would take the alert for a reply. (A
			// failed handshake has ended: its alert still goes out, through the TLS layer.)
			tls.close();
		}
		else {
			this.channel.close();
		}
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public String endpoint() {
		return this.endpoint;
	}

	@Override
	public String peer() {
		return this.peer;
	}

	@Override
	public String peerAddress() {
		return this.peerAddress;
	}

	@Override
	public int localPort() {
		return this.localPort;
	}

	@Override
	public String framing() {
		return this.framing.configName();
	}

	@Override
	public Instant openedAt() {
		return this.openedAt;
	}

	@Override
	public long messagesIn() {
		return this.state.messagesIn();
	}

	@Override
	public long repliesOut() {
		return this.state.repliesOut();
	}

	@Override
	public long bytesIn() {
		return this.state.bytesIn();
	}

	@Override
	public long bytesOut() {
		return this.state.bytesOut();
	}

	@Override
	public @Nullable Instant lastMessageAt() {
		long last = this.state.lastMessageMillis();
		return last != 0 ? Instant.ofEpochMilli(last) : null;
	}

	@Override
	public Instant lastActivityAt() {
		return Instant.ofEpochMilli(this.state.lastActivityMillis());
	}

	@Override
	public long unsentBytes() {
		return this.state.unsentBytes();
	}

	@Override
	public String toString() {
		return "connection " + this.id + " from " + this.peer;
	}

}
