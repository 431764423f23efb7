package dev.upcase.server.udp;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import dev.upcase.server.endpoint.Endpoint;
import dev.upcase.server.transport.EventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.gateway.MessagingGatewaySupport;
import org.springframework.messaging.Message;

/**
 * The UDP endpoint's inbound gateway: binds the datagram socket on the shared event loops when it starts, closes
 * it when it stops, and hands each datagram's bytes to the flow ({@link Endpoint#REQUESTS_CHANNEL}), returning the
 * reply.
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

	private volatile @Nullable Channel channel;

	private @Nullable ScheduledFuture<?> forgetting;

	DatagramGateway(UdpProperties properties, DatagramEndpoint endpoint, EventLoops eventLoops,
			DatagramMetrics metrics, RecentPeers peers) {
		this.properties = properties;
		this.endpoint = endpoint;
		this.eventLoops = eventLoops;
		this.metrics = metrics;
		this.peers = peers;
		setRequestChannelName(Endpoint.REQUESTS_CHANNEL);
	}

	/**
	 * @return the reply to one datagram's bytes
	 * @throws org.springframework.messaging.MessagingException when the flow fails or gives no reply
	 */
	byte[] exchange(byte[] request) {
		Message<?> reply = sendAndReceiveMessage(getMessageBuilderFactory().withPayload(request).build());
		if (reply == null || !(reply.getPayload() instanceof byte[] bytes)) {
			throw new IllegalStateException("the flow gave no byte[] reply: " + reply);
		}
		return bytes;
	}

	@Override
	protected void doStart() {
		super.doStart();
		int max = this.properties.maxDatagramBytesAsInt();
		Bootstrap bootstrap = new Bootstrap().group(this.eventLoops.workers())
			.channel(this.eventLoops.datagramChannel())
			// one byte more than the largest datagram answered: a datagram that fills the buffer was longer
			.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(max + 1))
			.handler(new DatagramHandler(this.endpoint, this, this.metrics, max));
		Channel bound = bootstrap.bind(this.properties.host(), this.properties.port()).syncUninterruptibly().channel();
		this.channel = bound;
		this.forgetting = bound.eventLoop().scheduleAtFixedRate(this.peers::forgetOld, 5, 5, TimeUnit.SECONDS);
		this.endpoint.started((InetSocketAddress) bound.localAddress(), this.eventLoops.transport());
	}

	@Override
	protected void doStop() {
		ScheduledFuture<?> forgetting = this.forgetting;
		if (forgetting != null) {
			forgetting.cancel(false);
		}
		Channel bound = this.channel;
		if (bound != null) {
			bound.close().syncUninterruptibly();
			this.channel = null;
		}
		this.endpoint.stopped();
		super.doStop();
	}

	@Override
	public String getComponentType() {
		return "udp:inbound-gateway";
	}

}
