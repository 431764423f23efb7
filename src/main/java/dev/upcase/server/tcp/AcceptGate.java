package dev.upcase.server.tcp;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The listening socket's handler, on the accepting thread, before Netty sets a new connection up: refuses those
 * the endpoint does not admit (closed at once, counted as rejected), and turns accept failures — typically the
 * open-files limit — into one log line per interval and a short pause, instead of a busy loop of errors.
 */
final class AcceptGate extends ChannelInboundHandlerAdapter {

	/** How long accepting pauses after a failure: the cause (no file descriptor free) rarely clears sooner. */
	private static final long PAUSE_AFTER_FAILURE_MILLIS = 250;

	private final StreamEndpoint endpoint;

	AcceptGate(StreamEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		Channel child = (Channel) msg;
		if (this.endpoint.admit(child)) {
			ctx.fireChannelRead(child);
		}
		else {
			// not registered with an event loop yet: Netty's own acceptor closes such a channel the same way
			child.unsafe().closeForcibly();
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		this.endpoint.acceptFailed(cause);
		Channel server = ctx.channel();
		if (server.config().isAutoRead()) {
			server.config().setAutoRead(false);
			server.eventLoop().schedule(() -> server.config().setAutoRead(true), PAUSE_AFTER_FAILURE_MILLIS,
					TimeUnit.MILLISECONDS);
		}
	}

}
