package dev.upcase.server.tcp;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import dev.upcase.framing.MessageDecoder;
import dev.upcase.server.endpoint.CloseReason;
import dev.upcase.server.endpoint.EndpointLimits;
import dev.upcase.server.transport.DurationText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * The last handler of a connection's pipeline: whole requests in (from the framing's {@link MessageDecoder}),
 * handed to Spring Integration through the {@link ServerConnection}; and everything that ends or slows a
 * connection — the client ending its stream, idleness, a reader too slow for its replies, bad frames, errors —
 * each with one outcome and one close reason.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

	private static final Pattern SYSTEM_CALL_FAILED = Pattern
		.compile("^\\w+\\(\\.\\.\\) failed( with error\\(-?\\d+\\))?: ");

	private final ServerConnection connection;

	private final MessageDecoder decoder;

	private final StreamEndpoint endpoint;

	private final ReadGate gate;


	/** Request bytes this connection holds as the memory budget last counted them. */
	private long budgeted;

	private @Nullable ScheduledFuture<?> drainLooks;

	private @Nullable ScheduledFuture<?> timeouts;

	ConnectionHandler(ServerConnection connection, MessageDecoder decoder, StreamEndpoint endpoint) {
		this.connection = connection;
		this.decoder = decoder;
		this.endpoint = endpoint;
		this.gate = new ReadGate(connection.channel());
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		ByteBuf frame = (ByteBuf) msg;
		byte[] request;
		try {
			request = ByteBufUtil.getBytes(frame);
		}
		finally {
			frame.release();
		}
		this.connection.received(request); // the flow runs here, on the event loop, and queues the reply
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		this.connection.state().read(System.currentTimeMillis());
		this.connection.flush();
		accountHeldBytes();
	}

	/**
	 * Tells the memory budget how many request bytes this connection now holds; over the budget, reading stops
	 * until other connections release theirs (one connection at a time may go on, so that it can finish).
	 */
	private void accountHeldBytes() {
		long held = this.decoder.heldBytes();
		long delta = held - this.budgeted;
		if (delta == 0) {
			return;
		}
		this.budgeted = held;
		if (this.endpoint.budget().add(this, delta) && held > 0) {
			this.gate.close(ReadGate.Reason.BUDGET);
		}
	}

	/** The budget has room again (from any thread). */
	void wake() {
		this.connection.channel().eventLoop().execute(() -> this.gate.open(ReadGate.Reason.BUDGET));
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		// the client has more unsent replies than upcase.tcp.max-unsent-bytes: read no more requests until it
		// takes some (the write timeout closes it if it takes none)
		if (ctx.channel().isWritable()) {
			this.gate.open(ReadGate.Reason.UNSENT_REPLIES);
		}
		else {
			this.gate.close(ReadGate.Reason.UNSENT_REPLIES);
		}
		ctx.fireChannelWritabilityChanged();
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof ChannelInputShutdownEvent) {
			endOfInput(ctx);
		}
		else if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
			tlsFailed(handshake.cause()); // e.g. the handshake timeout: no exception reaches exceptionCaught
		}
		ctx.fireUserEventTriggered(event);
	}

	/**
	 * The client ended its stream (a half-close like {@code nc -N}, or a close right after sending): every whole
	 * request it sent has been answered by now (the decoder hands them all over before this event); the connection
	 * closes once those replies are written. What is left of a partial message is discarded, and said so.
	 */
	private void endOfInput(ChannelHandlerContext ctx) {
		long partial = this.budgeted; // as of the last read: the decoder has dropped its bytes by now
		accountHeldBytes();
		this.connection.state().recordClosing(CloseReason.CLIENT, partial > 0
				? "ended its stream in the middle of a message (" + partial + " bytes discarded)" : null);
		this.connection.flush();
		ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
	}

	/**
	 * The idle and write timeouts, looked at every {@code tick} on the event loop: idle when no byte moved either way
	 * (a client slowly taking a backlog of replies is not idle); slow when replies wait and the client took none of
	 * their bytes (the outbound queue's size shows a large reply taken in part; where the kernel tells, its own send
	 * buffer's progress counts too: {@link KernelProgress}). One scheduled task per connection, and nothing per
	 * message beyond the counters the connection keeps anyway; the kernel is asked only when a timeout would run out.
	 */
	void startTimeouts(Duration tick) {
		this.timeouts = this.connection.channel().eventLoop().scheduleWithFixedDelay(this::lookAtTimeouts,
				tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void lookAtTimeouts() {
		EndpointLimits limits = this.endpoint.limits();
		Channel channel = this.connection.channel();
		long now = System.currentTimeMillis();
		ConnectionState state = this.connection.state();
		CloseReason timedOut = timedOut(state, channel, now, limits);
		if (timedOut != null) {
			// before closing, ask the kernel whether the client is still taking replies out of its send buffer
			long kernel = KernelProgress.lastSeen(channel, now);
			if (kernel != KernelProgress.UNKNOWN && state.progressSeenByKernel(kernel)) {
				timedOut = timedOut(state, channel, now, limits);
			}
		}
		if (timedOut == CloseReason.IDLE) {
			this.connection.close(CloseReason.IDLE, "no bytes moved either way for " + DurationText.of(limits.idleTimeout()));
		}
		else if (timedOut == CloseReason.SLOW) {
			this.connection.close(CloseReason.SLOW, "took no reply bytes for " + DurationText.of(limits.writeTimeout()) + " ("
					+ this.connection.unsentBytes() + " bytes unsent)");
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		SSLException tls = tlsFailure(cause);
		if (tls != null) {
			tlsFailed(tls);
		}
		else if (cause instanceof TooLongFrameException) {
			refuse(ctx, CloseReason.OVERSIZE, overLimit(cause));
		}
		else if (cause instanceof CorruptedFrameException) {
			refuse(ctx, CloseReason.MALFORMED, cause);
		}
		else if (cause instanceof IOException) {
			// a reset, a broken pipe: the client's doing, told on the close line, no stack trace
			this.connection.close(CloseReason.CLIENT, withoutSystemCall(describe(cause)));
		}
		else if (cause instanceof DecoderException && cause.getCause() instanceof Error error) {
			this.endpoint.fatal(error, this.connection);
		}
		else if (cause instanceof Error error) {
			this.endpoint.fatal(error, this.connection);
		}
		else {
			this.endpoint.unexpected(cause, this.connection);
		}
	}

	/**
	 * The TLS layer failed — plain text on the TLS port, an untrusted or missing client certificate, no common
	 * protocol, a handshake that did not finish in time: the client's doing, one close line with the reason and no
	 * stack trace.
	 */
	private void tlsFailed(Throwable cause) {
		this.connection.close(CloseReason.TLS, describe(cause));
	}

	private static @Nullable SSLException tlsFailure(Throwable cause) {
		if (cause instanceof SSLException ssl) {
			return ssl;
		}
		return cause instanceof DecoderException && cause.getCause() instanceof SSLException ssl ? ssl : null;
	}

	/**
	 * A frame the framing refuses: read nothing more, write the replies to the requests before it, then close.
	 */
	private void refuse(ChannelHandlerContext ctx, CloseReason reason, Throwable cause) {
		refuse(ctx, reason, describe(cause));
	}

	private void refuse(ChannelHandlerContext ctx, CloseReason reason, String detail) {
		if (!this.connection.state().recordClosing(reason, detail)) {
			return;
		}
		this.gate.close(ReadGate.Reason.CLOSING);
		this.connection.flush();
		ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		for (ScheduledFuture<?> task : new ScheduledFuture<?>[] { this.drainLooks, this.timeouts }) {
			if (task != null) {
				task.cancel(false);
			}
		}
		this.endpoint.budget().add(this, -this.budgeted);
		this.budgeted = 0;
		this.endpoint.closed(this.connection);
		ctx.fireChannelInactive();
	}

	/**
	 * The endpoint drains (on this connection's event loop): from now on, look at the connection every
	 * {@code interval} and close it once it has been quiet for {@link ConnectionState#QUIET_LOOKS} looks in a row.
	 */
	void drain(Duration interval) {
		if (this.drainLooks == null && this.connection.channel().isActive()) {
			this.drainLooks = this.connection.channel().eventLoop().scheduleWithFixedDelay(this::lookWhileDraining,
					interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Quiet: no partial request held, no reply unsent, reading not held back, and no socket read since the last
	 * look. Looks are scheduled tasks, so the event loop polls the socket between two of them: a request still in
	 * the kernel's receive buffer would have been read, and the connection would not look quiet. Several quiet
	 * looks in a row are asked for, not one, so that a read that Netty deferred to a task of its own is seen too.
	 */
	private void lookWhileDraining() {
		if (this.connection.state().quietLook(this.decoder.heldBytes(), this.gate.isOpen())) {
			this.connection.close(CloseReason.SHUTDOWN, null);
		}
	}

	/** Our decoders say "message over the limit of N bytes (why)"; Netty's line decoder has its own words. */
	private String overLimit(Throwable cause) {
		String message = describe(cause);
		return message.startsWith("message over the limit") ? message
				: "message over the limit of " + this.endpoint.limits().maxMessageBytes() + " bytes (" + message + ")";
	}

	private static String describe(Throwable ex) {
		return ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
	}

	private static @Nullable CloseReason timedOut(ConnectionState state, Channel channel, long now,
			EndpointLimits limits) {
		return state.timedOut(channel.bytesBeforeWritable(), now, limits.idleTimeout().toMillis(),
				limits.writeTimeout().toMillis());
	}

	/**
	 * Netty's native transport names the system call that failed and its error number ({@code "recvAddress(..) failed
	 * with error(-104): Connection reset by peer"}): operators need what happened, not which call saw it. This reads
	 * Netty's wording, which is not an API: should it change, the pattern no longer matches and the message is
	 * logged as Netty wrote it — only the wording of a log line suffers, never what happens to the connection. Kept
	 * for that reason.
	 */
	static String withoutSystemCall(String message) {
		return SYSTEM_CALL_FAILED.matcher(message).replaceFirst("");
	}

}
