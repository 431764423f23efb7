package dev.upcase.server.tcp;

import java.net.InetSocketAddress;
import java.time.Duration;

import dev.upcase.framing.Framing;
import dev.upcase.framing.MessageDecoder;
import dev.upcase.server.transport.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

/**
 * Spring Integration's server connection factory, on Netty. Through the factory SPI the inbound gateway sees
 * ordinary {@link ServerConnection}s: it receives each request from one and sends the reply back through it. Under
 * it, each connection is a Netty pipeline:
 * <pre>
 *  framing decoder ─▶ {@link ConnectionHandler} ─▶ gateway ─▶ flow ─▶ reply written back
 * </pre>
 * on one event loop for its whole life, so its requests are answered in order, with no lock and no hand-off.
 */
public final class NettyServerConnectionFactory extends AbstractServerConnectionFactory {

	private static final Logger log = LoggerFactory.getLogger(NettyServerConnectionFactory.class);

	private final TcpProperties properties;

	private final TcpEndpoint endpoint;

	private final EventLoops eventLoops;

	private volatile @Nullable Channel serverChannel;

	NettyServerConnectionFactory(TcpProperties properties, TcpEndpoint endpoint, EventLoops eventLoops) {
		super(properties.port());
		this.properties = properties;
		this.endpoint = endpoint;
		this.eventLoops = eventLoops;
		setLocalAddress(properties.host());
		setBacklog(properties.backlog());
		setSoTcpNoDelay(true);
	}

	/** Binds the listening socket; {@link #start()} runs this once, on Spring Integration's task executor. */
	@Override
	public void run() {
		EventLoops eventLoops = this.eventLoops;
		long maxUnsent = this.properties.maxUnsentBytes().toBytes();
		int readBuffer = (int) this.properties.readBufferBytes().toBytes();
		ServerBootstrap bootstrap = new ServerBootstrap().group(eventLoops.acceptor(), eventLoops.workers())
			.channel(eventLoops.serverSocketChannel())
			.option(ChannelOption.SO_BACKLOG, getBacklog())
			.option(ChannelOption.SO_REUSEADDR, true)
			.handler(new AcceptGate(this.endpoint))
			.childOption(ChannelOption.TCP_NODELAY, true) // one reply per request: do not wait to coalesce
			.childOption(ChannelOption.ALLOW_HALF_CLOSURE, true) // a client that half-closes still gets its replies
			.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
					new WriteBufferWaterMark((int) Math.min(Integer.MAX_VALUE, maxUnsent / 2),
							(int) Math.min(Integer.MAX_VALUE, maxUnsent)))
			.childOption(ChannelOption.RCVBUF_ALLOCATOR,
					new AdaptiveRecvByteBufAllocator(64, Math.min(2048, readBuffer), readBuffer))
			.childHandler(new ChannelInitializer<Channel>() {
				@Override
				protected void initChannel(Channel channel) {
					initConnection(channel);
				}
			});
		try {
			Channel server = bootstrap.bind(this.properties.host(), this.properties.port()).syncUninterruptibly()
				.channel();
			InetSocketAddress address = (InetSocketAddress) server.localAddress();
			this.serverChannel = server;
			this.endpoint.started(address);
			setListening(true);
			log.debug("Bound {} with {} event loop(s) ({})", address, this.properties.eventLoopThreadCount(),
					eventLoops.transport());
			publishServerListeningEvent(address.getPort());
		}
		catch (RuntimeException ex) {
			log.error("Cannot listen on {}:{}: {}", this.properties.host(), this.properties.port(), ex.getMessage());
			publishServerExceptionEvent(ex);
		}
	}

	/** A new connection, on its event loop: its pipeline, and its place in Spring Integration's tables. */
	private void initConnection(Channel channel) {
		Framing framing = this.properties.framing();
		ServerConnection connection = new ServerConnection(channel, framing, getApplicationEventPublisher(),
				String.valueOf(getComponentName()));
		connection.registerListener(getListener()); // the inbound gateway
		connection.registerSenders(getSenders()); // the gateway again: it finds the connection for the reply
		connection.setMapper(getMapper());
		connection.setSerializer(getSerializer());
		connection.setDeserializer(getDeserializer());
		MessageDecoder decoder = framing.newServerDecoder(this.properties.maxMessageBytesAsInt(),
				this.properties.charset());
		ConnectionHandler handler = new ConnectionHandler(connection, decoder, this.endpoint);
		channel.pipeline().addLast("framing", decoder).addLast("connection", handler);
		handler.startTimeouts(timeoutTick());
		addConnection(connection);
		channel.closeFuture().addListener(closed -> this.connections.remove(connection.getConnectionId()));
		this.endpoint.opened(connection);
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

	/** @return the port listened on (the one chosen, when configured as 0), or the configured one before binding */
	@Override
	public int getPort() {
		Channel server = this.serverChannel;
		return server != null ? ((InetSocketAddress) server.localAddress()).getPort() : super.getPort();
	}

	@Override
	public void stop() {
		Channel server = this.serverChannel;
		if (server != null) {
			server.close().syncUninterruptibly();
			this.serverChannel = null;
		}
		setListening(false);
		this.endpoint.stopped();
		super.stop(); // closes the connections still open
	}

}
