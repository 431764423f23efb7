package dev.upcase.server.endpoint;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Collection;

import org.jspecify.annotations.Nullable;

/**
 * A listener (e.g. {@code tcp}) and the connections it accepted: the server summary an operator reads, and the
 * levers to take it out of rotation. Implemented by the transport.
 */
public interface Endpoint {

	/** @return the endpoint's name, as in URLs and metric tags: {@code tcp} (later tls, unix, udp) */
	String name();

	EndpointState state();

	/** @return the address it listens on, {@code null} until it is bound */
	@Nullable InetSocketAddress boundAddress();

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
	 * Stop accepting, then close each connection as soon as every request it sent has been answered (idle ones at
	 * once); the same as on SIGTERM, without stopping the process. Not undone by {@link #resume()}.
	 */
	void drain();

}
