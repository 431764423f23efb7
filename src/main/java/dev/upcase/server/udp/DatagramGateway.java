package dev.upcase.server.udp;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.upcase.server.endpoint.Endpoint;
import dev.upcase.server.transport.EventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.gateway.MessagingGatewaySupport;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * The UDP endpoint's inbound gateway: binds its datagram sockets on the shared event loops when it starts (one per
 * loop, all on one port: {@link EventLoops#datagramLoops()}), closes them when it stops, and hands each datagram's
 * bytes to the flow ({@link Endpoint#REQUESTS_CHANNEL}), returning the reply.
 * <p>
 * Spring Integration's own UDP adapters are one-way (a reply needs a second, outbound adapter and a correlation
 * by headers) and read on threads of their own; this gateway is request/reply and runs on the event loop, like
 * the TCP endpoint: the flow is synchronous (a direct channel to the transformer), so the reply is there when
 * {@code sendAndReceiveMessage} returns. The request carries the payload and nothing else: every header costs a
 * map entry per message.
 */
final class DatagramGateway extends MessagingGatewaySupport {

	private final UdpProperties properties;

	private final DatagramEndpoint endpoint;

	private final EventLoops eventLoops;

	private final DatagramMetrics metrics;

	private final RecentPeers peers;

	private final SourceCheck sources;

	private final SourceRateLimit rateLimit;

	/** The sockets bound on the one UDP port: one per event loop with epoll, one with NIO. */
	private final List<Channel> channels = new CopyOnWriteArrayList<>();

	private @Nullable ScheduledFuture<?> forgetting;

	private @Nullable ScheduledFuture<?> rereading;

	DatagramGateway(UdpProperties properties, DatagramEndpoint endpoint, EventLoops eventLoops,
			DatagramMetrics metrics, RecentPeers peers, SourceCheck sources, SourceRateLimit rateLimit) {
		this.properties = properties;
		this.endpoint = endpoint;
		this.eventLoops = eventLoops;
		this.metrics = metrics;
		this.peers = peers;
		this.sources = sources;
		this.rateLimit = rateLimit;
		setRequestChannelName(Endpoint.REQUESTS_CHANNEL);
	}

	/**
	 * @return the reply to one datagram's bytes
	 * @throws org.springframework.messaging.MessagingException when the flow fails or gives no reply
	 */
	byte[] exchange(byte[] request) {
		// made directly, as FrameMessageMapper does: a message builder's header accessor copies the headers twice
		// more (docs/performance.md: 0.22 µs of 1.7 per message on the TCP path)
		Message<?> reply = sendAndReceiveMessage(new GenericMessage<>(request));
		if (reply == null || !(reply.getPayload() instanceof byte[] bytes)) {
			throw new IllegalStateException("the flow gave no byte[] reply: " + reply);
		}
		return bytes;
	}

	@Override
	protected void doStart() {
		super.doStart();
		int max = this.properties.maxDatagramBytesAsInt();
		Bootstrap bootstrap = this.eventLoops.reusePort(new Bootstrap().channel(this.eventLoops.datagramChannel()))
			// one byte more than the largest datagram answered: a datagram that fills the buffer was longer
			.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(max + 1))
			// nothing is read until the source check knows the port: a socket cannot tell its own datagrams before
			.option(ChannelOption.AUTO_READ, false)
			.handler(new DatagramHandler(this.endpoint, this, this.metrics, this.properties, this.sources,
					this.rateLimit));
		int port = this.properties.port();
		try {
			for (EventLoop loop : this.eventLoops.datagramLoops()) {
				Channel bound = bootstrap.clone(loop).bind(this.properties.host(), port).syncUninterruptibly().channel();
				this.channels.add(bound);
				port = ((InetSocketAddress) bound.localAddress()).getPort(); // port 0: the others join the one it got
			}
		}
		catch (RuntimeException ex) {
			closeChannels();
			throw ex;
		}
		Channel first = this.channels.get(0);
		this.sources.boundTo((InetSocketAddress) first.localAddress());
		this.channels.forEach(channel -> channel.config().setAutoRead(true));
		// every second: under spoofed sources the rate limit's table fills fastest, and its full buckets are free room
		this.forgetting = first.eventLoop().scheduleAtFixedRate(this::forgetOld, 1, 1, TimeUnit.SECONDS);
		// bound to every interface, the host's addresses count as the socket's own: they change (DHCP, hot-plug)
		this.rereading = first.eventLoop().scheduleAtFixedRate(this.sources::refresh, 5, 5, TimeUnit.SECONDS);
		this.endpoint.started((InetSocketAddress) first.localAddress(), this.channels.size(),
				this.eventLoops.transport());
	}

	private void forgetOld() {
		this.rateLimit.forgetFull(System.nanoTime());
		this.peers.forgetOld();
	}

	@Override
	protected void doStop() {
		for (ScheduledFuture<?> task : new ScheduledFuture<?>[] { this.forgetting, this.rereading }) {
			if (task != null) {
				task.cancel(false);
			}
		}
		closeChannels();
		this.endpoint.stopped();
		super.doStop();
	}

	private void closeChannels() {
		this.channels.forEach(channel -> channel.close().syncUninterruptibly());
		this.channels.clear();
	}

	@Override
	public String getComponentType() {
		return "udp:inbound-gateway";
	}

}
