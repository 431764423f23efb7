package dev.upcase.server.tcp;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import dev.upcase.server.endpoint.CloseReason;
import dev.upcase.server.endpoint.Endpoint;
import dev.upcase.server.endpoint.EndpointLimits;
import dev.upcase.server.endpoint.EndpointState;
import dev.upcase.server.endpoint.LameDuck;
import dev.upcase.server.endpoint.LiveConnection;
import dev.upcase.server.endpoint.RefusalReason;
import dev.upcase.server.transport.ClientText;
import dev.upcase.server.transport.DurationText;
import dev.upcase.server.transport.Throttle;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;

/**
 * A stream endpoint — {@code tcp}, {@code tls} or {@code unix} — as operators see it ({@link Endpoint}): its state,
 * its open connections, what it admits, and the drain. The connection factory binds it through its
 * {@link StreamListener} and feeds it; the admin API, health, metrics and the graceful shutdown read and steer it.
 * Limits are per endpoint ({@code max-connections} each), and shared by all ({@link ConnectionSlots}: in total and per
 * peer), as is the request-byte budget.
 */
public final class StreamEndpoint implements Endpoint {

	private static final Logger log = LoggerFactory.getLogger(StreamEndpoint.class);

	/** What each admitted connection holds of the limits, from the accept until it closes. */
	private static final AttributeKey<Admission> ADMISSION = AttributeKey.valueOf(StreamEndpoint.class, "admission");

	/** How often a drain looks at each connection (see ConnectionHandler#drain). */
	private static final Duration DRAIN_LOOK_INTERVAL = Duration.ofMillis(25);

	private final String name;

	private final StreamListener listener;

	private final TcpProperties properties;

	/** Whether connections start with a PROXY protocol header, and the setting that says so. */
	private final @Nullable String proxyProtocolSetting;

	private final EndpointLimits limits;

	private final RequestBudget budget;

	private final ConnectionSlots slots;

	private final ApplicationEventPublisher publisher;

	private final LameDuck lameDuck;

	private final AtomicReference<EndpointState> state = new AtomicReference<>(EndpointState.STARTING);

	private final Map<String, ServerConnection> connections = new ConcurrentHashMap<>();

	/** Connections admitted and not yet closed: what {@code max-connections} limits. */
	private final AtomicInteger admitted = new AtomicInteger();

	/** Connections whose TLS handshake or PROXY header has not finished, oldest first: the ones a newcomer evicts. */
	private final ConcurrentSkipListMap<Long, Admission> pending = new ConcurrentSkipListMap<>();

	private final AtomicLong arrivals = new AtomicLong();

	private final LongAdder accepted = new LongAdder();

	private final Map<RefusalReason, LongAdder> rejected = new EnumMap<>(RefusalReason.class);

	/** One line per burst and reason: a flood of one kind does not hide the first of another. */
	private final Map<RefusalReason, Throttle> rejectionLogs = new EnumMap<>(RefusalReason.class);

	private final Throttle acceptFailureLog = new Throttle(Duration.ofSeconds(10));

	private final Throttle errorLog = new Throttle(Duration.ofSeconds(10));

	private volatile @Nullable String boundAddress;

	/** The listening socket, while bound. */
	private volatile @Nullable Channel server;

	private volatile @Nullable Instant startedAt;


	/**
	 * @param proxyProtocol whether each connection starts with a PROXY protocol header ({@code upcase.tcp.proxy-protocol}
	 * or {@code upcase.unix.proxy-protocol})
	 */
	StreamEndpoint(String name, StreamListener listener, TcpProperties properties, boolean proxyProtocol,
			RequestBudget budget, ConnectionSlots slots, ApplicationEventPublisher publisher) {
		this.name = name;
		this.slots = slots;
		this.listener = listener;
		this.properties = properties;
		this.proxyProtocolSetting = !proxyProtocol ? null
				: (listener instanceof UnixListener ? "upcase.unix" : "upcase.tcp") + ".proxy-protocol=true";
		for (RefusalReason reason : RefusalReason.values()) {
			this.rejected.put(reason, new LongAdder());
			this.rejectionLogs.put(reason, new Throttle(Duration.ofSeconds(10)));
		}
		this.publisher = publisher;
		this.limits = new EndpointLimits(properties.maxConnections(), properties.maxConnectionsPerPeer(),
				properties.totalConnectionLimit(), properties.maxMessageBytes().toBytes(),
				properties.idleTimeout(), properties.writeTimeout(), properties.maxUnsentBytes().toBytes());
		this.budget = budget;
		this.lameDuck = new LameDuck(properties.lameDuck());
	}

	// --- the factory's side ------------------------------------------------------------------------------------------

	StreamListener listener() {
		return this.listener;
	}

	/** @return whether each connection must start with a PROXY protocol header, which then names its peer */
	boolean proxyProtocol() {
		return this.proxyProtocolSetting != null;
	}

	void started(String address, Channel server) {
		this.boundAddress = address;
		this.server = server;
		this.startedAt = Instant.now();
		this.state.set(EndpointState.ACCEPTING); // also after a stop and start of the gateway
	}

	void stopped() {
		this.server = null;
		this.state.set(EndpointState.STOPPED);
	}

	/**
	 * On the accepting thread, before the connection is set up: refused while not accepting, or over a limit — of
	 * its peer (decided after the header with the PROXY protocol), of the endpoint, of all endpoints together. At the
	 * endpoint's or the total limit, the oldest connection still in its TLS handshake or waiting for its PROXY header
	 * is evicted to make room, so that silent sockets cannot keep real clients out. Connections count from here
	 * until their socket closes, so one the client has closed no longer counts.
	 * @return whether the connection may go on
	 */
	boolean admit(Channel child) {
		EndpointState now = this.state.get();
		// draining: the kernel completed this connection before the listening socket closed (it was in the accept
		// backlog), and its client may already have sent a request: it is served and drained like the open ones
		if (now != EndpointState.ACCEPTING && now != EndpointState.LAME_DUCK && now != EndpointState.DRAINING) {
			refused(child.remoteAddress(), RefusalReason.NOT_ACCEPTING, "while the endpoint is " + now.tag(), null);
			return false;
		}
		String peerKey = proxyProtocol() ? null : ConnectionSlots.peerKey(child.remoteAddress());
		if (peerKey != null && !this.slots.claimPeer(peerKey)) {
			refusedForPeer(child.remoteAddress(), peerKey);
			return false;
		}
		RefusalReason full;
		while ((full = claimSlot()) != null) {
			if (!evictOldestPending()) {
				if (peerKey != null) {
					this.slots.releasePeer(peerKey);
				}
				refused(child.remoteAddress(), full, full == RefusalReason.MAX_CONNECTIONS
						? "over upcase.tcp.max-connections=" + this.limits.maxConnections()
						: "over upcase.tcp.max-total-connections=" + this.slots.maxTotal() + " (all endpoints together)",
						null);
				return false;
			}
		}
		boolean pendingNow = proxyProtocol() || this.listener.handshakes();
		Admission admission = new Admission(this.arrivals.incrementAndGet(), child, pendingNow, this::release);
		if (peerKey != null) {
			admission.holdPeer(peerKey);
		}
		if (pendingNow) {
			this.pending.put(admission.sequence, admission);
		}
		child.attr(ADMISSION).set(admission);
		child.closeFuture().addListener(closed -> admission.release());
		return true;
	}

	/** @return {@code null} with a slot of this endpoint's and of the total claimed, or the limit that is full */
	private @Nullable RefusalReason claimSlot() {
		if (this.admitted.incrementAndGet() > this.limits.maxConnections()) {
			this.admitted.decrementAndGet();
			return RefusalReason.MAX_CONNECTIONS;
		}
		if (!this.slots.claimTotal()) {
			this.admitted.decrementAndGet();
			return RefusalReason.MAX_TOTAL_CONNECTIONS;
		}
		return null;
	}

	/** @return whether a connection still in its handshake (or before its header) gave its slots up */
	private boolean evictOldestPending() {
		for (Admission oldest : this.pending.values()) {
			if (oldest.evict()) {
				return true;
			}
		}
		return false;
	}

	/** Gives a connection's slots back (once: on its close, or when evicted). */
	private void release(Admission admission, @Nullable String peerKey) {
		this.pending.remove(admission.sequence);
		this.admitted.decrementAndGet();
		this.slots.releaseTotal();
		if (peerKey != null) {
			this.slots.releasePeer(peerKey);
		}
	}

	/**
	 * With the PROXY protocol, on the event loop: the header has named the client, which now claims its place under
	 * {@code max-connections-per-peer}.
	 * @return whether the connection may begin; if not, it is refused, counted and closed
	 */
	boolean admitPeer(Channel channel, StreamListener.Peer peer) {
		Admission admission = channel.attr(ADMISSION).get();
		String peerKey = ConnectionSlots.peerKey(peer.address());
		if (admission == null || peerKey == null) {
			return true;
		}
		if (!this.slots.claimPeer(peerKey)) {
			refusedForPeer(peer.display(), peerKey);
			channel.close();
			return false;
		}
		if (!admission.holdPeer(peerKey)) {
			this.slots.releasePeer(peerKey); // evicted meanwhile: its slots are given back already
		}
		return true;
	}

	/**
	 * Until the header arrives, an eviction closes the connection through the header's handler (counted as a
	 * refusal: it never began).
	 */
	void onEviction(Channel channel, Runnable close) {
		Admission admission = channel.attr(ADMISSION).get();
		if (admission != null) {
			admission.onEviction(close);
		}
	}

	private void refusedForPeer(Object who, String peerKey) {
		refused(who, RefusalReason.MAX_CONNECTIONS_PER_PEER, "over upcase.tcp.max-connections-per-peer="
				+ this.slots.maxPerPeer(), this.slots.openFrom(peerKey) + " open from " + peerKey);
	}

	/**
	 * A connection admitted at accept did not send a valid PROXY protocol header (on its event loop): refused, and
	 * closed. Logged with the socket's address: the load balancer's, or whoever is connecting where only the
	 * balancer should.
	 */
	void refuseWithoutProxyHeader(Channel channel, String detail) {
		refused(channel.remoteAddress(), RefusalReason.PROXY_PROTOCOL, "without a valid PROXY protocol header ("
				+ this.proxyProtocolSetting + ")", detail);
		channel.close();
	}

	/** @param who the client as the log names it: the socket's address, or the one a PROXY header gave */
	private void refused(@Nullable Object who, RefusalReason reason, String why, @Nullable String detail) {
		this.rejected.get(reason).increment();
		long alsoRefused = this.rejectionLogs.get(reason).tryPass(); // one line per burst, not one per connection
		if (alsoRefused >= 0) {
			log.warn("Refusing {} connections {}: {} refused now{}{}", this.name, why, who,
					detail != null ? " (" + ClientText.bounded(detail) + ")" : "",
					alsoRefused > 0 ? ", " + alsoRefused + " more since the last report" : "");
		}
	}

	/** Accepting failed (e.g. the process is out of file descriptors): one line per interval, with a count. */
	void acceptFailed(Throwable cause) {
		long alsoFailed = this.acceptFailureLog.tryPass();
		if (alsoFailed >= 0) {
			log.error("Cannot accept connections: {}{}; retrying (open connections: {}; check the open-files limit, "
					+ "ulimit -n)", cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName(),
					alsoFailed > 0 ? ", " + alsoFailed + " more failures since the last report" : "",
					this.connections.size());
		}
	}

	/**
	 * A connection begins (after its PROXY protocol header, where the endpoint expects one). Still pending while its
	 * TLS handshake runs: evicted then, it closes as a failed handshake.
	 */
	void opened(ServerConnection connection) {
		this.accepted.increment();
		this.connections.put(connection.id(), connection);
		if (this.state.get() == EndpointState.DRAINING) { // after stopAcceptingAndDrain() went over the table
			drain(connection);
		}
		Admission admission = connection.channel().attr(ADMISSION).get();
		if (admission == null || !admission.pending()) {
			return;
		}
		SslHandler tls = connection.channel().pipeline().get(SslHandler.class);
		if (tls == null) {
			settle(admission);
			return;
		}
		admission.onEviction(() -> connection.close(CloseReason.TLS, "handshake not finished when the endpoint was "
				+ "full: its slot went to a newer connection"));
		tls.handshakeFuture().addListener(handshake -> {
			if (handshake.isSuccess()) {
				settle(admission);
			}
		});
	}

	private void settle(Admission admission) {
		if (admission.settle()) {
			this.pending.remove(admission.sequence);
		}
	}

	void closed(ServerConnection connection) {
		this.connections.remove(connection.id());
		EndpointState now = this.state.get();
		boolean stopping = now == EndpointState.DRAINING || now == EndpointState.STOPPED;
		this.publisher.publishEvent(connection.closed(stopping ? CloseReason.SHUTDOWN : CloseReason.CLIENT));
	}

	/**
	 * An {@link Error} on an event loop (an OutOfMemoryError, most likely): the process can no longer be trusted,
	 * so liveness goes DOWN and the orchestrator restarts it.
	 */
	void fatal(Error error, ServerConnection connection) {
		log.error("Fatal error on {}; liveness is now BROKEN", connection, error);
		AvailabilityChangeEvent.publish(this.publisher, this, LivenessState.BROKEN);
		connection.close(CloseReason.ERROR, String.valueOf(error));
	}

	/** A failure nobody expected: the connection closes, the log says why (with a stack trace, rate-limited). */
	void unexpected(Throwable cause, ServerConnection connection) {
		long alsoFailed = this.errorLog.tryPass();
		if (alsoFailed >= 0) {
			log.error("Unexpected failure on {} ({} more since the last report); closing it", connection, alsoFailed,
					cause);
		}
		connection.close(CloseReason.ERROR, cause.getMessage() != null ? cause.getMessage() : cause.toString());
	}

	RequestBudget budget() {
		return this.budget;
	}

	// --- the operator's side -----------------------------------------------------------------------------------------

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public EndpointState state() {
		return this.state.get();
	}

	@Override
	public @Nullable String boundAddress() {
		return this.boundAddress;
	}

	@Override
	public String framing() {
		return this.properties.framing().configName();
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
		return this.connections.size();
	}

	@Override
	public long acceptedConnections() {
		return this.accepted.sum();
	}

	@Override
	public long rejectedConnections() {
		return this.rejected.values().stream().mapToLong(LongAdder::sum).sum();
	}

	@Override
	public long rejectedConnections(RefusalReason reason) {
		return this.rejected.get(reason).sum();
	}

	@Override
	public Collection<? extends LiveConnection> connections() {
		return Collections.unmodifiableCollection(this.connections.values());
	}

	@Override
	public @Nullable LiveConnection connection(String id) {
		return this.connections.get(id);
	}

	@Override
	public void pause() {
		if (this.state.compareAndSet(EndpointState.ACCEPTING, EndpointState.PAUSED)) {
			log.info("Endpoint {} paused: new connections are refused, {} open ones go on", this.name,
					this.connections.size());
		}
	}

	@Override
	public void resume() {
		if (this.state.compareAndSet(EndpointState.PAUSED, EndpointState.ACCEPTING)) {
			log.info("Endpoint {} resumed: accepting connections", this.name);
		}
	}

	@Override
	public void drain() {
		this.lameDuck.start(this.state,
				() -> log.info("Endpoint {} lame duck: readiness DOWN; new connections are still accepted and served "
						+ "for {} (upcase.tcp.lame-duck), then it drains", this.name, DurationText.of(this.lameDuck.period())),
				this::stopAcceptingAndDrain);
	}

	/**
	 * Closes the listening socket, so that the kernel refuses new connections (a load balancer retries elsewhere on
	 * a refused connect; one accepted and closed would look like a server that failed mid-request), and drains every
	 * connection. The close waits one more pass of the accepting event loop: connections the kernel completed
	 * before now are accepted and served (see {@link #admit}), not reset by the close. Only one that completes in
	 * the instant between that pass and the close is reset — no socket API stops the kernel from completing new
	 * ones while leaving the accept backlog alone — which the lame duck makes rare: the balancers have stopped
	 * sending by then.
	 */
	private void stopAcceptingAndDrain() {
		log.info("Endpoint {} draining: new connections are refused; each of the {} open connections closes once "
				+ "its requests are answered", this.name, this.connections.size());
		Channel listening = this.server;
		if (listening != null) {
			// scheduled from the loop itself: the delay counts from when the loop runs again (it may have been busy),
			// and the loop polls its sockets — accepting the backlog — before a scheduled task is due
			listening.eventLoop()
				.execute(() -> listening.eventLoop()
					.schedule(() -> listening.close(), DRAIN_LOOK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS));
		}
		this.connections.values().forEach(StreamEndpoint::drain);
	}

	private static void drain(ServerConnection connection) {
		Channel channel = connection.channel();
		channel.eventLoop().execute(() -> {
			ConnectionHandler handler = channel.pipeline().get(ConnectionHandler.class);
			if (handler != null) {
				handler.drain(DRAIN_LOOK_INTERVAL);
			}
		});
	}

}
