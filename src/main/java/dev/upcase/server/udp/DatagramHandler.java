package dev.upcase.server.udp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import dev.upcase.server.transport.Throttle;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each datagram, on the event loop of the endpoint's one socket: counted, checked (size, endpoint state), handed
 * to the flow through the gateway, and its reply written to the sender on the same socket, so the reply comes
 * from the address and port the request went to. Replies of one read batch go out together
 * ({@link #channelReadComplete}).
 * <p>
 * An oversize datagram is known by its size: the socket reads into a buffer of {@code max-datagram-bytes + 1}, and
 * the kernel cuts a longer datagram to the buffer, so one that fills the buffer was too long.
 */
@Sharable
final class DatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {

	private static final Logger log = LoggerFactory.getLogger(DatagramHandler.class);

	private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

	private final DatagramEndpoint endpoint;

	private final DatagramGateway gateway;

	private final DatagramMetrics metrics;

	private final int maxBytes;

	/** One log line per reason per interval: a flood of bad datagrams must not become a flood of log lines. */
	private final Map<DropReason, Throttle> dropLog = new EnumMap<>(DropReason.class);

	DatagramHandler(DatagramEndpoint endpoint, DatagramGateway gateway, DatagramMetrics metrics, int maxBytes) {
		this.endpoint = endpoint;
		this.gateway = gateway;
		this.metrics = metrics;
		this.maxBytes = maxBytes;
		for (DropReason reason : DropReason.values()) {
			this.dropLog.put(reason, new Throttle(LOG_INTERVAL));
		}
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
		InetSocketAddress sender = packet.sender();
		ByteBuf content = packet.content();
		int size = content.readableBytes();
		this.metrics.received(sender, size);
		if (size == 0) {
			drop(DropReason.EMPTY, sender, "it is empty (nothing to uppercase; an empty datagram gets no reply)");
			return;
		}
		if (size > this.maxBytes) {
			drop(DropReason.OVERSIZE, sender, "it is longer than upcase.udp.max-datagram-bytes=" + this.maxBytes);
			return;
		}
		DropReason refusal = this.endpoint.refusal();
		if (refusal != null) {
			drop(refusal, sender, "the UDP endpoint is " + this.endpoint.state().tag());
			return;
		}
		byte[] reply;
		try {
			reply = this.gateway.exchange(ByteBufUtil.getBytes(content));
		}
		catch (RuntimeException ex) {
			drop(DropReason.ERROR, sender, "the flow failed: " + ex);
			return;
		}
		if (reply.length > UdpProperties.MAX_UDP_PAYLOAD) { // uppercasing can make a text longer (ß → SS)
			drop(DropReason.ERROR, sender, "its reply is " + reply.length + " bytes, more than a datagram carries ("
					+ UdpProperties.MAX_UDP_PAYLOAD + ")");
			return;
		}
		int replySize = reply.length;
		ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(reply), sender)).addListener(written -> {
			if (written.isSuccess()) {
				this.metrics.sent(replySize);
			}
			else {
				drop(DropReason.ERROR, sender, "its reply could not be sent: " + written.cause());
			}
		});
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		ctx.flush();
	}

	/** A failure of the socket itself, not of one datagram (those are handled where they happen). */
	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		long alsoFailed = this.dropLog.get(DropReason.ERROR).tryPass();
		if (alsoFailed >= 0) {
			log.warn("UDP socket {}: {}", this.endpoint.boundAddress(), cause.toString());
		}
	}

	private void drop(DropReason reason, InetSocketAddress sender, String why) {
		this.metrics.dropped(reason);
		long alsoDropped = this.dropLog.get(reason).tryPass();
		if (alsoDropped < 0) {
			return;
		}
		String more = alsoDropped > 0 ? " (" + alsoDropped + " more dropped for this reason since the last report)"
				: "";
		if (reason == DropReason.PAUSED || reason == DropReason.DRAINING || reason == DropReason.EMPTY) { // no fault
			log.info("Dropped a datagram from {}: {}{}", peer(sender), why, more);
		}
		else {
			log.warn("Dropped a datagram from {}: {}{}", peer(sender), why, more);
		}
	}

	private static String peer(InetSocketAddress sender) {
		String address = sender.getAddress() != null ? sender.getAddress().getHostAddress() : sender.getHostString();
		return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + sender.getPort();
	}

}
