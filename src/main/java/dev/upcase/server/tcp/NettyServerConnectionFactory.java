package dev.upcase.server.tcp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.upcase.framing.Framing;
import dev.upcase.framing.MessageDecoder;
import dev.upcase.server.transport.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

/**
 * Spring Integration's server connection factory, on Netty. Through the factory SPI the inbound gateway sees
 * ordinary {@link ServerConnection}s: it receives each request from one and sends the reply back through it. It
 * listens for every stream endpoint — TCP (or TLS) and, when configured, a Unix-domain socket — so one gateway and
 * one flow serve them all. Under it, each connection is a Netty pipeline:
 * <pre>
 *  [PROXY header] ─▶ [tls] ─▶ framing decoder ─▶ {@link ConnectionHandler} ─▶ gateway ─▶ flow ─▶ reply written back
 * </pre>
 * on one event loop for its whole life, so its requests are answered in order, with no lock and no hand-off.
 */
public final class NettyServerConnectionFactory extends AbstractServerConnectionFactory {

	private static final Logger log = LoggerFactory.getLogger(NettyServerConnectionFactory.class);

	private final TcpProperties properties;

	private final List<StreamEndpoint> endpoints;

	private final EventLoops eventLoops;

	/** The listening channels that are bound. */
	private final List<Channel> serverChannels = new ArrayList<>();

	NettyServerConnectionFactory(TcpProperties properties, List<StreamEndpoint> endpoints, EventLoops eventLoops) {
		super(properties.port());
		this.properties = properties;
		this.endpoints = List.copyOf(endpoints);
		this.eventLoops = eventLoops;
		setLocalAddress(properties.host());
		setBacklog(properties.backlog());
		setSoTcpNoDelay(true);
	}

	/** Binds the listening sockets; {@link #start()} runs this once, on Spring Integration's task executor. */
	@Override
	public void run() {
		for (StreamEndpoint endpoint : this.endpoints) {
			Channel server = bind(endpoint); // one that fails stays "starting": its health says DOWN
			if (server != null) {
				synchronized (this.serverChannels) {
					this.serverChannels.add(server);
				}
			}
		}
		setListening(true);
		publishServerListeningEvent(getPort());
	}

	private @Nullable Channel bind(StreamEndpoint endpoint) {
		StreamListener listener = endpoint.listener();
		long maxUnsent = this.properties.maxUnsentBytes().toBytes();
		int readBuffer = (int) this.properties.readBufferBytes().toBytes();
		ServerBootstrap bootstrap = new ServerBootstrap().group(this.eventLoops.acceptor(), this.eventLoops.workers())
			.channel(listener.channelType(this.eventLoops))
			.option(ChannelOption.SO_BACKLOG, getBacklog())
			.handler(new AcceptGate(endpoint))
			.childOption(ChannelOption.ALLOW_HALF_CLOSURE, true) // a client that half-closes still gets its replies
			.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
					new WriteBufferWaterMark((int) Math.min(Integer.MAX_VALUE, maxUnsent / 2),
							(int) Math.min(Integer.MAX_VALUE, maxUnsent)))
			.childOption(ChannelOption.RCVBUF_ALLOCATOR,
					new AdaptiveRecvByteBufAllocator(64, Math.min(2048, readBuffer), readBuffer))
			.childHandler(new ChannelInitializer<Channel>() {
				@Override
				protected void initChannel(Channel channel) {
					if (endpoint.proxyProtocol()) {
						// before TLS too: a balancer sends the header before the client's handshake
						channel.pipeline()
							.addLast("proxy-header", new HAProxyMessageDecoder())
							.addLast("proxy-peer", new ProxyHeaderHandler(endpoint,
									peer -> initConnection(channel, endpoint, peer)));
					}
					else {
						initConnection(channel, endpoint, endpoint.listener().peer(channel));
					}
				}
			});
		listener.configure(bootstrap);
		try {
			Channel server = bootstrap.bind(listener.bindAddress(this.eventLoops)).syncUninterruptibly().channel();
			endpoint.started(listener.bound(server), server);
			log.debug("Bound {} on {} ({})", endpoint.name(), endpoint.boundAddress(), this.eventLoops.transport());
			return server;
		}
		catch (RuntimeException ex) {
			log.error("Endpoint {} cannot listen: {}", endpoint.name(), ex.getMessage());
			publishServerExceptionEvent(ex);
			return null;
		}
	}

	/**
	 * A new connection, on its event loop: its pipeline, and its place in Spring Integration's tables.
	 * @param peer the socket's other end, or the client a PROXY protocol header named
	 */
	private void initConnection(Channel channel, StreamEndpoint endpoint, StreamListener.Peer peer) {
		Framing framing = this.properties.framing();
		ServerConnection connection = new ServerConnection(channel, endpoint.name(), peer, framing,
				getApplicationEventPublisher(), String.valueOf(getComponentName()));
		connection.registerListener(getListener()); // the inbound gateway
		connection.registerSenders(getSenders()); // the gateway again: it finds the connection for the reply
		connection.setMapper(getMapper());
		connection.setSerializer(getSerializer());
		connection.setDeserializer(getDeserializer());
		MessageDecoder decoder = framing.newServerDecoder(this.properties.maxMessageBytesAsInt(),
				this.properties.charset());
		ConnectionHandler handler = new ConnectionHandler(connection, decoder, endpoint);
		endpoint.listener().initConnection(channel);
		channel.pipeline().addLast("framing", decoder).addLast("connection", handler);
		handler.startTimeouts(timeoutTick());
		addConnection(connection);
		channel.closeFuture().addListener(closed -> this.connections.remove(connection.getConnectionId()));
		endpoint.opened(connection);
		connection.opened();
	}

	/**
	 * How often each connection looks at its idle and write timeouts: often enough that a timeout fires within a
	 * quarter of its length (at most 1 s late), rarely enough that ten thousand idle connections cost little.
	 */
	private Duration timeoutTick() {
		long shortest = this.properties.writeTimeout().toMillis();
		if (!this.properties.idleTimeout().isZero()) {
			shortest = Math.min(shortest, this.properties.idleTimeout().toMillis());
		}
		return Duration.ofMillis(Math.max(10, Math.min(1000, shortest / 4)));
	}

	/** @return the TCP port listened on (the one chosen, when configured as 0), or the configured one before binding */
	@Override
	public int getPort() {
		synchronized (this.serverChannels) {
			for (Channel server : this.serverChannels) {
				if (server.localAddress() instanceof InetSocketAddress address) {
					return address.getPort();
				}
			}
		}
		return super.getPort();
	}

	@Override
	public void stop() {
		List<Channel> servers;
		synchronized (this.serverChannels) {
			servers = List.copyOf(this.serverChannels);
			this.serverChannels.clear();
		}
		servers.forEach(server -> server.close().syncUninterruptibly());
		setListening(false);
		for (StreamEndpoint endpoint : this.endpoints) {
			endpoint.stopped();
			endpoint.listener().closed();
		}
		super.stop(); // closes the connections still open
	}

}
