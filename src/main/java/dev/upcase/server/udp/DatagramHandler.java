package dev.upcase.server.udp;

import java.net.InetAddress;
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
 * Each datagram, on the event loop of the endpoint's one socket: counted, checked (its source, size, endpoint
 * state, the source's share of replies), handed to the flow through the gateway, and its reply (unless it is longer
 * than {@code max-reply-ratio} times the request) written to the sender on the same socket, so the reply comes from
 * the address and port the request went to. Replies of one read batch go out together
 * ({@link #channelReadComplete}).
 * <p>
 * The source is checked first, before anything else is read of it: answering UDP at all makes the server a
 * reflector (a reply goes wherever the request says it came from), so a source that is the server itself or a
 * well-known responder is never answered ({@link SourceCheck}), no address gets more than its share
 * ({@link SourceRateLimit}), and no reply is longer than the request that asked for it, by default.
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

	private final SourceCheck sources;

	private final SourceRateLimit rateLimit;

	private final double maxReplyRatio;

	private final String ratioText;

	private final String rateRule;

	private final int maxSources;

	/** While the rate limit's table is full, one line per interval says so. */
	private final Throttle fullLog = new Throttle(LOG_INTERVAL);

	/** One log line per reason per interval: a flood of bad datagrams must not become a flood of log lines. */
	private final Map<DropReason, Throttle> dropLog = new EnumMap<>(DropReason.class);

	DatagramHandler(DatagramEndpoint endpoint, DatagramGateway gateway, DatagramMetrics metrics,
			UdpProperties properties, SourceCheck sources, SourceRateLimit rateLimit) {
		this.endpoint = endpoint;
		this.gateway = gateway;
		this.metrics = metrics;
		this.maxBytes = properties.maxDatagramBytesAsInt();
		this.sources = sources;
		this.rateLimit = rateLimit;
		this.maxReplyRatio = properties.maxReplyRatio();
		this.ratioText = properties.maxReplyRatioAsText();
		this.rateRule = "upcase.udp.per-source-rate=" + properties.perSourceRate() + " per second, burst "
				+ properties.perSourceBurst();
		this.maxSources = properties.maxSources();
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
		InetAddress source = SourceCheck.normalize(sender.getAddress());
		DropReason unsafe = this.sources.refusal(source, sender.getPort());
		if (unsafe != null) {
			drop(unsafe, sender, unsafe == DropReason.PRIVILEGED_PORT
					? "its source port is below 1024, where echo, chargen, DNS and NTP-style services answer: a reply "
							+ "could start a loop between such a service and this one (a spoofed source?)"
					: source.isAnyLocalAddress() ? "its source is the unspecified address: a reply would go to this "
							+ "host itself (a spoofed source)"
							: "its source is this server's own UDP socket: a reply would be answered by the server "
									+ "itself, for ever (a spoofed source)");
			return;
		}
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
		if (!this.rateLimit.tryAcquire(source, System::nanoTime)) {
			drop(DropReason.RATE_LIMITED, sender, "its address has had its share of replies (" + this.rateRule + ")");
			return;
		}
		if (this.rateLimit.full()) {
			long alsoFull = this.fullLog.tryPass();
			if (alsoFull >= 0) {
				log.warn("The UDP per-source limit tracks as many source addresses as it may ({}, upcase.udp.max-sources): "
						+ "new sources share one allowance ({}) until tracked ones fall quiet. Spoofed sources do "
						+ "this; for that many real clients, raise upcase.udp.max-sources", this.maxSources,
						this.rateRule);
			}
		}
		byte[] reply;
		try {
			reply = this.gateway.exchange(ByteBufUtil.getBytes(content));
		}
		catch (RuntimeException ex) {
			drop(DropReason.ERROR, sender, "the flow failed: " + ex);
			return;
		}
		if (reply.length > size * this.maxReplyRatio) { // a spoofed request must not make a larger reply to its victim
			drop(DropReason.AMPLIFICATION, sender, "its reply is " + reply.length + " bytes, more than "
					+ "upcase.udp.max-reply-ratio=" + this.ratioText + " times its " + size + " bytes");
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
