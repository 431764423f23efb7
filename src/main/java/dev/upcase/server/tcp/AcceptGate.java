package dev.upcase.server.tcp;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;

/**
 * The listening socket's handler, on the accepting thread, before Netty sets a new connection up: refuses those
 * the endpoint does not admit (reset at once, counted as rejected), and turns accept failures — typically the
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
			refuse(ctx, child);
		}
	}

	/**
	 * Closes a refused connection with a reset (SO_LINGER 0), through public API only: the channel is not registered
	 * with an event loop yet, and only a registered one can be closed, so it is registered with the accepting loop
	 * (this thread: no hand-off, no wait behind busy workers) and closed there. A reset rather than a FIN: the
	 * client learns at once, and the server keeps no TIME_WAIT socket per refusal however many a flood brings.
	 */
	private static void refuse(ChannelHandlerContext ctx, Channel child) {
		ctx.channel().eventLoop().register(child).addListener(registered -> {
			if (registered.isSuccess()) {
				child.config().setOption(ChannelOption.SO_LINGER, 0);
			}
			child.close(); // a failed registration has closed it already; this is then a no-op
		});
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
