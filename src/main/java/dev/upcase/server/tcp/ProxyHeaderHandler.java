package dev.upcase.server.tcp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.upcase.server.transport.DurationText;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * The PROXY protocol header (v1 text or v2 binary, decoded by Netty's {@link HAProxyMessageDecoder} just before this
 * handler), first on every connection of an endpoint behind a load balancer that sends one (HAProxy's
 * {@code send-proxy}/{@code send-proxy-v2}, cloud network load balancers): the socket's address is the balancer's,
 * the header says who the client is. Only then does the connection begin — its pipeline (TLS, framing) is set up
 * and Spring Integration hears of it — so that the open and close lines, the admin API and its peer filter and the
 * per-peer limit all see the client's address.
 * <p>
 * A header that is missing, malformed, or not complete within {@link #HEADER_TIMEOUT} refuses the connection
 * (counted as {@code rejected{reason="proxy-protocol"}}, logged with the socket's address). {@code LOCAL} (the
 * balancer's own health check) and a source the protocol leaves unnamed ({@code UNKNOWN}, a Unix socket) keep the
 * socket's address, as the specification asks.
 */
final class ProxyHeaderHandler extends ChannelInboundHandlerAdapter {

	/** A balancer sends the header with its first packet: a few seconds is ample, even on a loaded machine. */
	static final Duration HEADER_TIMEOUT = Duration.ofSeconds(5);

	private final StreamEndpoint endpoint;

	/** Sets the connection up, with the peer the header named. */
	private final Consumer<StreamListener.Peer> begin;

	private @Nullable ScheduledFuture<?> timeout;

	/** Whether the connection has begun or been refused: the header decides once. */
	private boolean decided;

	ProxyHeaderHandler(StreamEndpoint endpoint, Consumer<StreamListener.Peer> begin) {
		this.endpoint = endpoint;
		this.begin = begin;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.timeout = ctx.executor().schedule(() -> refuse(ctx, "no complete header within "
				+ DurationText.of(HEADER_TIMEOUT)), HEADER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		this.endpoint.onEviction(ctx.channel(),
				() -> refuse(ctx, "no header yet when the endpoint was full: its slot went to a newer connection"));
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.decided || !(msg instanceof HAProxyMessage header)) {
			ReferenceCountUtil.release(msg); // nothing else comes before the header: the decoder is in front
			return;
		}
		StreamListener.Peer peer;
		try {
			peer = peerOf(header, ctx);
		}
		finally {
			header.release();
		}
		if (peer == null) {
			refuse(ctx, "its source is not an IP address");
			return;
		}
		this.decided = true;
		cancelTimeout();
		if (!this.endpoint.admitPeer(ctx.channel(), peer)) {
			return; // over max-connections-per-peer: refused and closed
		}
		// the rest of the pipeline goes in place of this handler; bytes that came with the header follow it there
		// when the decoder removes itself
		ctx.pipeline().remove(this);
		this.begin.accept(peer);
	}

	/**
	 * @return the header's source; the socket's peer for {@code LOCAL} and for a source that is not an IP address
	 * and port ({@code UNKNOWN}, {@code AF_UNIX}); {@code null} for an address that does not parse
	 */
	private StreamListener.@Nullable Peer peerOf(HAProxyMessage header, ChannelHandlerContext ctx) {
		StreamListener.Peer socket = this.endpoint.listener().peer(ctx.channel());
		if (header.command() == HAProxyCommand.LOCAL || header.sourceAddress() == null) {
			return socket;
		}
		switch (header.proxiedProtocol().addressFamily()) {
			case AF_IPv4, AF_IPv6 -> {
				InetAddress source = NetUtil.createInetAddressFromIpAddressString(header.sourceAddress());
				if (source == null) {
					return null;
				}
				String address = InetListener.addressText(source);
				return new StreamListener.Peer(address, header.sourcePort(),
						InetListener.display(address, header.sourcePort()), header.destinationPort());
			}
			default -> {
				return socket;
			}
		}
	}

	/**
	 * Before the header, every failure is the header's: the decoder's complaint (it closes the channel itself, and
	 * may complain again as it goes), a reset. Once the connection has begun, this handler is gone.
	 */
	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		Throwable innermost = cause;
		while (innermost.getCause() != null && innermost.getCause() != innermost) {
			innermost = innermost.getCause(); // the decoder wraps its own exception in one more
		}
		refuse(ctx, innermost.getMessage() != null ? innermost.getMessage() : innermost.getClass().getSimpleName());
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		refuse(ctx, "closed before its header was complete");
		ctx.fireChannelInactive();
	}

	private void refuse(ChannelHandlerContext ctx, String detail) {
		if (this.decided) {
			return;
		}
		this.decided = true;
		cancelTimeout();
		this.endpoint.refuseWithoutProxyHeader(ctx.channel(), detail);
	}

	private void cancelTimeout() {
		if (this.timeout != null) {
			this.timeout.cancel(false);
		}
	}

}
