package dev.upcase.server.udp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.upcase.server.endpoint.Endpoint;
import dev.upcase.server.endpoint.EndpointLimits;
import dev.upcase.server.endpoint.EndpointState;
import dev.upcase.server.endpoint.LameDuck;
import dev.upcase.server.endpoint.LiveConnection;
import dev.upcase.server.transport.DurationText;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP endpoint as operators see it ({@link Endpoint}): its state and address, and the levers. There are no
 * connections: {@code connections()} is empty and the connection counts are 0 (a datagram is not a connection, and
 * counting senders as "accepted" would make the listener's numbers mean something else for each endpoint); the
 * datagrams and senders are in the {@code upcase.udp.*} metrics.
 * <ul>
 * <li>pause: datagrams are dropped (counted, reason {@code paused}) until resume;</li>
 * <li>drain: after the lame duck ({@code upcase.tcp.lame-duck}: readiness DOWN, datagrams still answered),
 * datagrams are dropped (reason {@code draining}); with no connection to finish, the endpoint is drained then. The
 * socket stays bound until the server stops, so that a client gets no ICMP
 * "port unreachable" from a server that is only going away.</li>
 * </ul>
 * Its limits: {@code maxMessageBytes} is {@code upcase.udp.max-datagram-bytes}; the connection limits do not apply
 * and read 0.
 */
public final class DatagramEndpoint implements Endpoint {

	private static final Logger log = LoggerFactory.getLogger(DatagramEndpoint.class);

	private final EndpointLimits limits;

	private final UdpProperties properties;

	private final AtomicReference<EndpointState> state = new AtomicReference<>(EndpointState.STARTING);

	private volatile @Nullable InetSocketAddress boundAddress;

	private volatile @Nullable Instant startedAt;

	private final LameDuck lameDuck;

	DatagramEndpoint(UdpProperties properties, LameDuck lameDuck) {
		this.lameDuck = lameDuck;
		this.limits = new EndpointLimits(0, 0, 0, properties.maxDatagramBytes().toBytes(), Duration.ZERO,
				Duration.ZERO, 0);
		this.properties = properties;
	}

	// --- the gateway's side ------------------------------------------------------------------------------------------

	void started(InetSocketAddress address, int sockets, String transport) {
		this.boundAddress = address;
		this.startedAt = Instant.now();
		this.state.set(EndpointState.ACCEPTING);
		log.info("Listening for UDP datagrams on {} (datagrams up to {} bytes, each answered from this port; "
				+ "{} socket(s), one per event loop; transport {}). Never answered: its own address and port, "
				+ "privileged source ports; each source address gets at most {} replies a second after {} at once, "
				+ "none longer than {} times its request", boundAddress(), this.limits.maxMessageBytes(), sockets,
				transport, this.properties.perSourceRate(), this.properties.perSourceBurst(),
				this.properties.maxReplyRatioAsText());
	}

	void stopped() {
		this.state.set(EndpointState.STOPPED);
	}

	/** @return why a datagram arriving now gets no reply, or {@code null} when it is answered */
	@Nullable DropReason refusal() {
		return switch (this.state.get()) {
			case ACCEPTING, LAME_DUCK -> null;
			case PAUSED -> DropReason.PAUSED;
			default -> DropReason.DRAINING;
		};
	}

	// --- the operator's side -----------------------------------------------------------------------------------------

	@Override
	public String name() {
		return "udp";
	}

	@Override
	public EndpointState state() {
		return this.state.get();
	}

	@Override
	public @Nullable String boundAddress() {
		InetSocketAddress address = this.boundAddress;
		if (address == null) {
			return null;
		}
		String host = address.getHostString();
		return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
	}

	/** @return the port it is bound to, {@code 0} until then */
	public int port() {
		InetSocketAddress address = this.boundAddress;
		return address != null ? address.getPort() : 0;
	}

	@Override
	public boolean connectionOriented() {
		return false;
	}

	/** @return {@code datagram}: one datagram is one message, nothing to configure */
	@Override
	public String framing() {
		return "datagram";
	}

	@Override
	public EndpointLimits limits() {
		return this.limits;
	}

	@Override
	public @Nullable Instant startedAt() {
		return this.startedAt;
	}

	@Override
	public int activeConnections() {
		return 0;
	}

	@Override
	public long acceptedConnections() {
		return 0;
	}

	@Override
	public long rejectedConnections() {
		return 0;
	}

	@Override
	public Collection<? extends LiveConnection> connections() {
		return List.of();
	}

	@Override
	public @Nullable LiveConnection connection(String id) {
		return null;
	}

	@Override
	public void pause() {
		if (this.state.compareAndSet(EndpointState.ACCEPTING, EndpointState.PAUSED)) {
			log.info("UDP endpoint paused: datagrams are dropped (upcase.udp.datagrams.dropped, reason paused)");
		}
	}

	@Override
	public void resume() {
		if (this.state.compareAndSet(EndpointState.PAUSED, EndpointState.ACCEPTING)) {
			log.info("UDP endpoint resumed: answering datagrams");
		}
	}

	@Override
	public void drain() {
		this.lameDuck.start(this.state,
				() -> log.info("UDP endpoint lame duck: readiness DOWN; datagrams still answered for {}, then it drains",
						DurationText.of(this.lameDuck.period())),
				() -> log.info("UDP endpoint draining: datagrams are no longer answered (no connections to wait for)"));
	}

}
