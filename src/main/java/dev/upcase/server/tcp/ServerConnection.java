package dev.upcase.server.tcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import dev.upcase.framing.FrameDecoder;
import dev.upcase.framing.FramingException;
import dev.upcase.framing.MessageTooLargeException;
import dev.upcase.framing.TruncatedFrameException;
import dev.upcase.server.endpoint.CloseReason;
import dev.upcase.server.endpoint.ConnectionClosed;
import dev.upcase.server.endpoint.LiveConnection;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.TcpListener;
import org.springframework.integration.ip.tcp.connection.TcpNioConnection;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/**
 * One client's connection to the server: Spring Integration's NIO connection with what a busy server needs
 * on top.
 * <ul>
 * <li><b>Replies in request order</b>: message assembly runs on a {@link SerialExecutor} per connection.</li>
 * <li><b>No thread waits on a client</b>: requests are decoded from the bytes that have arrived
 * ({@link #getPayload()}), replies go out through a bounded {@link ReplyQueue}; a client that stalls mid-message
 * or stops reading costs its bytes, not a thread.</li>
 * <li><b>Small memory per connection</b>: the read buffer is {@code upcase.tcp.read-buffer-bytes} (stock: 60 KiB),
 * and there is no per-connection {@code BufferedOutputStream} as large as SO_SNDBUF (≈ 4 MB on loopback).</li>
 * <li><b>An account of itself</b> ({@link LiveConnection}): peer, age, traffic, and why it closed, for the log,
 * metrics and the admin API; an operator can close it.</li>
 * <li><b>Quiet about clients leaving</b>: a reply to a client that has gone is dropped with the connection, not
 * reported as a server error; a client that half-closes still gets the replies to what it sent.</li>
 * </ul>
 */
public final class ServerConnection extends TcpNioConnection implements LiveConnection {

	/** Short ids for the admin API's URLs and the log (Spring Integration's own embed a UUID). */
	private static final AtomicLong ids = new AtomicLong();

	private final String id = Long.toString(ids.incrementAndGet());

	private final SerialExecutor assembly;

	private final int readBufferBytes;

	private final String idleTimeout;

	private final ServerConnectionSupport.ServerState server;

	private final ReplyWriter replyWriter;

	private final FrameDecoder decoder;

	private final SocketChannel socketChannel;

	private final ReplyQueue replies;

	private final Inbox inbox;

	private final boolean rejected;

	private final String peer;

	private final int localPort;

	private final String framing;

	private final Instant openedAt = Instant.now();

	private final long openedNanos = System.nanoTime();

	private final AtomicLong messagesIn = new AtomicLong();

	private final AtomicLong bytesIn = new AtomicLong();

	private final AtomicLong repliesOut = new AtomicLong();

	/** Reply bytes handed to the socket or queued; minus those still queued, the bytes written. */
	private final AtomicLong replyBytes = new AtomicLong();

	private volatile long lastMessageMillis;

	private final AtomicReference<@Nullable Closure> closure = new AtomicReference<>();

	private volatile long lastSend;

	/** Held while a read moves bytes from the socket into the inbox and answers them. */
	private final ReentrantLock readLock = new ReentrantLock();

	private volatile @Nullable Thread reader;

	private volatile boolean inputEnded;

	/** This connection's key with the {@link ReplyWriter}'s selector; only that thread touches it. */
	private @Nullable SelectionKey writerKey;

	ServerConnection(SocketChannel socketChannel, boolean lookupHost, @Nullable ApplicationEventPublisher publisher,
			@Nullable String factoryName, ServerConnectionSupport.Settings settings,
			ServerConnectionSupport.ServerState server, boolean rejected) {
		super(socketChannel, true, lookupHost, publisher, factoryName);
		this.assembly = new SerialExecutor(settings.workerPool());
		this.readBufferBytes = settings.readBufferBytes();
		this.idleTimeout = settings.idleTimeout();
		this.server = server;
		this.replyWriter = settings.replyWriter();
		this.decoder = settings.codec().newDecoder();
		this.socketChannel = socketChannel;
		this.replies = new ReplyQueue(socketChannel, settings.maxUnsentBytes());
		this.inbox = new Inbox(settings.readBufferBytes());
		this.rejected = rejected;
		this.peer = format(socketChannel.socket().getRemoteSocketAddress());
		this.localPort = socketChannel.socket().getLocalPort();
		this.framing = settings.framing();
		if (rejected) {
			shutdownBothWays();
		}
	}

	private static String format(@Nullable Object address) {
		if (address instanceof InetSocketAddress inet) {
			String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
			return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
		}
		return String.valueOf(address);
	}

	/**
	 * Over the connection limit: the client sees its connection end at once. Shutting the socket down (rather
	 * than closing it) lets the factory finish registering it; the end of input then closes it through the
	 * normal path.
	 */
	private void shutdownBothWays() {
		try {
			this.socketChannel.shutdownOutput();
			this.socketChannel.shutdownInput();
		}
		catch (IOException ex) {
			// the client is gone already: nothing to refuse
		}
	}

	/**
	 * The factory hands every connection its shared executor; this connection runs its assemblers (the only tasks
	 * a connection submits) on its own serial executor instead.
	 */
	@Override
	public void setTaskExecutor(Executor sharedExecutor) {
		super.setTaskExecutor(this.assembly);
	}

	/**
	 * Reads what the socket has, then assembles and answers what it completed, on this thread: no hand-off to
	 * another thread per message. Never blocks: a client that stops reading leaves its replies queued.
	 * <p>
	 * When the client has ended its stream (FIN, whether a half-close like {@code nc -N}, or a full close right
	 * after sending; or a reset), the stock connection closes at once and the replies to requests it already
	 * received are lost, or logged as errors by the gateway. Here the connection closes once those replies are
	 * written (or the write timeout gives up on them).
	 */
	@Override
	public void readPacket() {
		this.readLock.lock();
		try {
			this.assembly.runHere(() -> {
				this.reader = Thread.currentThread();
				try {
					super.readPacket();
				}
				finally {
					this.reader = null;
				}
				if (this.inputEnded) { // after the assemblers this read started, in order
					this.assembly.execute(this::assembleFromInbox); // the decoder's last word: see getPayload()
					this.assembly.execute(this::closeWhenAnswered);
				}
			});
		}
		finally {
			this.readLock.unlock();
		}
	}

	/** Closes now if every reply is written, else once the {@link ReplyWriter} has written the last one. */
	private void closeWhenAnswered() {
		if (this.replies.closeWhenEmpty()) {
			super.close();
		}
	}

	/**
	 * A read's bytes go to this connection's {@link Inbox}, not to Spring Integration's input pipe, which takes a
	 * lock for every byte read from it.
	 */
	@Override
	protected void sendToPipe(ByteBuffer rawBuffer) {
		this.inbox.append(rawBuffer);
		rawBuffer.clear();
	}

	/**
	 * The assembler: Spring Integration's own loop keeps its bookkeeping (it finds its pipe empty), then every
	 * message the inbox completes goes to the gateway, in order.
	 */
	@Override
	public void run() {
		super.run();
		assembleFromInbox();
	}

	/**
	 * Hands the gateway each message the inbox completes. At the end of the input this includes what the decoder
	 * still holds, where the framing allows (raw: an incomplete character is passed through, not dropped); a
	 * partial message is discarded and said so (see getPayload()).
	 */
	private void assembleFromInbox() {
		TcpListener listener = getListener();
		while (listener != null && isOpen()) {
			Message<?> message;
			try {
				message = getMapper().toMessage(this);
			}
			catch (UncheckedIOException ex) {
				closeConnection(true); // a frame the framing refuses: the reason is recorded
				return;
			}
			if (message == null) {
				return;
			}
			listener.onMessage(message);
		}
	}

	@Override
	protected ByteBuffer allocate(int length) {
		return super.allocate(Math.min(length, this.readBufferBytes));
	}

	/**
	 * The next whole message, decoded from the bytes that have arrived, or {@code null} when they do not complete
	 * one yet ({@link FrameMessageMapper} then makes no message). Never waits for more bytes: the stock connection
	 * blocks a worker thread in the deserializer until a message is complete, so a client that sends half a
	 * message and stalls would hold a thread; here it holds only its bytes.
	 */
	@Override
	public byte @Nullable [] getPayload() {
		try {
			byte[] message = this.decoder.next(this.inbox, this.inbox.available());
			if (message == null && this.inputEnded && this.inbox.available() == 0) {
				message = this.decoder.finish();
			}
			if (message != null) {
				this.messagesIn.incrementAndGet();
				this.bytesIn.addAndGet(message.length);
				this.lastMessageMillis = System.currentTimeMillis();
			}
			return message;
		}
		catch (MessageTooLargeException ex) {
			throw closing(CloseReason.OVERSIZE, ex);
		}
		catch (TruncatedFrameException ex) {
			throw closing(CloseReason.CLIENT, ex);
		}
		catch (FramingException ex) {
			throw closing(CloseReason.MALFORMED, ex);
		}
		catch (IOException ex) {
			throw closing(CloseReason.ERROR, ex);
		}
	}

	private UncheckedIOException closing(CloseReason reason, IOException ex) {
		recordClosure(reason, ex.getMessage());
		return new UncheckedIOException(ex);
	}

	/** Frames the reply and hands it to the socket; whatever the socket cannot take now waits in the queue. */
	@Override
	@SuppressWarnings("unchecked")
	public void send(Message<?> message) {
		try {
			Object reply = getMapper().fromMessage(message);
			if (reply == null) {
				throw new IllegalStateException("no reply payload in " + message);
			}
			ReplyFrame frame = new ReplyFrame(reply instanceof byte[] bytes ? bytes.length + 8 : 256);
			((Serializer<Object>) getSerializer()).serialize(reply, frame);
			this.lastSend = System.currentTimeMillis();
			ByteBuffer bytes = frame.toByteBuffer();
			int length = bytes.remaining();
			switch (this.replies.offer(bytes)) {
				case WRITTEN -> {
					this.repliesOut.incrementAndGet();
					this.replyBytes.addAndGet(length);
				}
				case QUEUED -> {
					this.replyBytes.addAndGet(length);
					this.replyWriter.watch(this);
				}
				case OVERFLOW -> {
					recordClosure(CloseReason.SLOW, "stopped reading its replies (" + this.replies.unsentBytes()
							+ " bytes unsent)");
					closeConnection(true);
				}
			}
		}
		catch (IOException ex) {
			// the client is gone: the reply cannot be delivered and the connection is over. That is the client's
			// doing, not a server error, so nothing is rethrown (the gateway would log it as an ERROR).
			recordClosure(CloseReason.CLIENT, "reply not delivered: " + describe(ex));
			closeConnection(true);
		}
		catch (Exception ex) {
			recordClosure(CloseReason.ERROR, "reply failed: " + describe(ex));
			publishConnectionExceptionEvent(ex);
			closeConnection(true);
			throw new MessagingException(message, "Send failed", ex);
		}
	}

	/** On the {@link ReplyWriter}'s thread: ask its selector to say when the socket can take more. */
	void awaitWritable(Selector selector) {
		try {
			SelectionKey key = this.writerKey;
			if (key == null || !key.isValid()) {
				this.writerKey = this.socketChannel.register(selector, SelectionKey.OP_WRITE, this);
			}
			else {
				key.interestOps(SelectionKey.OP_WRITE);
			}
		}
		catch (ClosedChannelException ex) {
			// closed meanwhile: nothing left to write
		}
	}

	/** On the {@link ReplyWriter}'s thread: the socket can take more. */
	void writeUnsent(SelectionKey key) {
		try {
			this.repliesOut.addAndGet(this.replies.flush());
			if (this.replies.isEmpty()) {
				if (this.replies.closeRequested()) {
					super.close(); // the client had ended its stream; this was its last reply
				}
				else if (key.isValid()) {
					key.interestOps(0);
				}
			}
		}
		catch (IOException ex) {
			recordClosure(CloseReason.CLIENT, "reply not delivered: " + describe(ex));
			close();
		}
	}

	/** On the {@link ReplyWriter}'s thread: close if the client has taken nothing for the write timeout. */
	void closeIfStalled(long now, long writeTimeoutNanos) {
		long stalled = this.replies.stalledNanos(now);
		if (stalled > writeTimeoutNanos && isOpen()) {
			recordClosure(CloseReason.SLOW, "took no reply bytes for " + Duration.ofNanos(stalled).toSeconds() + " s ("
					+ this.replies.unsentBytes() + " bytes unsent)");
			close();
		}
	}

	/**
	 * Closes the connection if nothing is under way on it: no read in progress, no message being assembled or
	 * waiting to be, none half-received, no reply unsent. A draining server closes connections this way without
	 * losing a request it has read: holding the read lock, no new bytes can come in between the check and the close.
	 * @return whether it closed
	 */
	boolean closeIfQuiet() {
		if (!this.readLock.tryLock()) {
			return false;
		}
		try {
			if (this.assembly.isIdle() && this.inbox.available() == 0 && this.decoder.pendingBytes() == 0
					&& this.replies.isEmpty()) {
				close();
				return true;
			}
			return false;
		}
		finally {
			this.readLock.unlock();
		}
	}

	@Override
	public long getLastSend() {
		return this.lastSend;
	}

	@Override
	protected void publishConnectionExceptionEvent(Throwable cause) {
		if (cause instanceof SocketTimeoutException && "Timing out connection".equals(cause.getMessage())) {
			recordClosure(CloseReason.IDLE, "no data for " + this.idleTimeout);
		}
		else if (cause instanceof IOException) {
			recordClosure(CloseReason.CLIENT, describe(cause));
		}
		super.publishConnectionExceptionEvent(cause);
	}

	@Override
	public void close() {
		if (this.server.stopping()) {
			recordClosure(CloseReason.SHUTDOWN, null);
		}
		if (this.reader == Thread.currentThread()) {
			// the read saw the end of the client's stream: the assembler answers what is left in the inbox, then
			// the connection closes (readPacket)
			this.inputEnded = true;
			recordClosure(CloseReason.CLIENT, null);
			return;
		}
		recordClosure(CloseReason.CLIENT, null); // no other reason recorded: the client hung up
		this.inbox.clear(); // whatever is still unread will not be answered
		super.close();
	}

	/**
	 * An operator's close (admin API): the reason and who asked go to the log line and metrics. Not in the middle
	 * of a read (as in {@link #closeIfQuiet()}): what a read took in is answered before, or not at all.
	 */
	@Override
	public void close(CloseReason reason, @Nullable String detail) {
		recordClosure(reason, detail);
		this.readLock.lock();
		try {
			close();
		}
		finally {
			this.readLock.unlock();
		}
	}

	private void recordClosure(CloseReason reason, @Nullable String detail) {
		this.closure.compareAndSet(null, new Closure(reason, detail));
	}

	private static String describe(Throwable ex) {
		return ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public String endpoint() {
		return "tcp";
	}

	@Override
	public String peer() {
		return this.peer;
	}

	@Override
	public String peerAddress() {
		return this.peer.substring(0, Math.max(this.peer.lastIndexOf(':'), 0)); // rarely asked: not kept
	}

	@Override
	public int localPort() {
		return this.localPort;
	}

	@Override
	public String framing() {
		return this.framing;
	}

	@Override
	public Instant openedAt() {
		return this.openedAt;
	}

	/** @return whether this connection was refused (over {@code upcase.tcp.max-connections}, paused or draining) */
	public boolean rejected() {
		return this.rejected;
	}

	/** @return how long the connection has been (or was) open */
	public Duration age() {
		return Duration.ofNanos(System.nanoTime() - this.openedNanos);
	}

	@Override
	public long messagesIn() {
		return this.messagesIn.get();
	}

	@Override
	public long bytesIn() {
		return this.bytesIn.get();
	}

	@Override
	public long repliesOut() {
		return this.repliesOut.get();
	}

	@Override
	public long bytesOut() {
		return Math.max(this.replyBytes.get() - this.replies.unsentBytes(), 0);
	}

	@Override
	public @Nullable Instant lastMessageAt() {
		long millis = this.lastMessageMillis;
		return millis == 0 ? null : Instant.ofEpochMilli(millis);
	}

	@Override
	public Instant lastActivityAt() {
		long last = Math.max(getLastRead(), this.lastSend);
		return last == 0 ? this.openedAt : Instant.ofEpochMilli(Math.max(last, this.openedAt.toEpochMilli()));
	}

	@Override
	public long unsentBytes() {
		return this.replies.unsentBytes();
	}

	/** @return its account, once closed: published once as an application event ({@link ConnectionRegistry}) */
	ConnectionClosed closed() {
		Closure closure = this.closure.get();
		return new ConnectionClosed(this.id, endpoint(), this.peer, this.localPort, this.framing, this.openedAt,
				this.openedAt.plus(age()), messagesIn(), repliesOut(), bytesIn(), bytesOut(),
				closure != null ? closure.reason() : CloseReason.CLIENT, closure != null ? closure.detail() : null);
	}

	/**
	 * Why a connection closed.
	 *
	 * @param reason the category
	 * @param detail what exactly happened, when known
	 */
	private record Closure(CloseReason reason, @Nullable String detail) {
	}

	/** A reply and its framing, assembled so that the socket gets it in one write. */
	private static final class ReplyFrame extends ByteArrayOutputStream {

		ReplyFrame(int size) {
			super(size);
		}

		@Override
		public void write(byte[] bytes) {
			write(bytes, 0, bytes.length);
		}

		ByteBuffer toByteBuffer() {
			return ByteBuffer.wrap(this.buf, 0, this.count);
		}

	}

}
