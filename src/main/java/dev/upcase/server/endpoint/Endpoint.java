package dev.upcase.server.endpoint;

import java.time.Instant;
import java.util.Collection;

import org.jspecify.annotations.Nullable;

/**
 * A listener ({@code tcp}, {@code tls}, {@code unix}, {@code udp}) and the connections it accepted: the server
 * summary an operator reads, and the levers to take it out of rotation. Implemented by each transport; every
 * endpoint hands its requests to the one flow through {@link #REQUESTS_CHANNEL}.
 */
public interface Endpoint {

	/** The flow's input: each endpoint's inbound gateway sends its requests here, and gets the reply back. */
	String REQUESTS_CHANNEL = "upcaseRequests";

	/** @return the endpoint's name, as in URLs, health and the {@code endpoint} metric tag: tcp, tls, unix, udp */
	String name();

	EndpointState state();

	/**
	 * @return where it listens, {@code null} until it is bound: {@code host:port} ({@code [v6]:port}), or the
	 * socket file's path
	 */
	@Nullable String boundAddress();

	/**
	 * @return whether clients connect (TCP, TLS, Unix sockets): a datagram endpoint has no connections to list, and
	 * counts packets instead
	 */
	default boolean connectionOriented() {
		return true;
	}

	/** @return the framing's configuration name, e.g. {@code line} */
	String framing();

	EndpointLimits limits();

	/** @return when it started listening, {@code null} until then */
	@Nullable Instant startedAt();

	/** @return connections open now */
	int activeConnections();

	/** @return connections accepted since start (refused ones not included) */
	long acceptedConnections();

	/** @return connections refused since start (over the limit, or while paused or draining) */
	long rejectedConnections();

	/** @return connections refused since start for this reason (they add up to {@link #rejectedConnections()}) */
	default long rejectedConnections(RefusalReason reason) {
		return 0;
	}

	/**
	 * @return the open connections: a live, weakly consistent view (no lock over the whole table); iterate it, do
	 * not keep it
	 */
	Collection<? extends LiveConnection> connections();

	/** @return the open connection with this id, or {@code null} */
	@Nullable LiveConnection connection(String id);

	/**
	 * Stop accepting: new clients are refused (closed at once, counted as rejected); open connections keep working;
	 * readiness goes DOWN. No effect unless {@link EndpointState#ACCEPTING}.
	 */
	void pause();

	/** Accept again after {@link #pause()}. No effect unless {@link EndpointState#PAUSED}. */
	void resume();

	/**
	 * Readiness DOWN at once; from an accepting endpoint, first a lame duck ({@link EndpointState#LAME_DUCK}) that
	 * keeps accepting and serving for {@code upcase.tcp.lame-duck}; then stop accepting, and close each connection as
	 * soon as every request it sent has been answered (idle ones at once); the same as on SIGTERM, without stopping
	 * the process. Not undone by {@link #resume()}.
	 */
	void drain();

}
