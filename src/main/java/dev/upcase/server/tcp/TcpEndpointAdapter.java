package dev.upcase.server.tcp;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Collection;

import dev.upcase.server.endpoint.Endpoint;
import dev.upcase.server.endpoint.EndpointLimits;
import dev.upcase.server.endpoint.EndpointState;
import dev.upcase.server.endpoint.LiveConnection;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionServerListeningEvent;

/**
 * The Spring Integration NIO transport seen through {@link Endpoint}: its state from the factory and
 * {@link ServerLifecycleState}, its connections from {@link ConnectionRegistry}, pause and resume through the
 * refusal in {@link ServerConnectionSupport}, drain through {@link TcpGracefulShutdown}.
 */
final class TcpEndpointAdapter implements Endpoint {

	private final AbstractServerConnectionFactory factory;

	private final TcpProperties properties;

	private final ConnectionRegistry connections;

	private final ServerLifecycleState server;

	private final TcpGracefulShutdown shutdown;

	private final EndpointLimits limits;

	private volatile @Nullable Instant startedAt;

	TcpEndpointAdapter(AbstractServerConnectionFactory factory, TcpProperties properties,
			ConnectionRegistry connections, ServerLifecycleState server, TcpGracefulShutdown shutdown) {
		this.factory = factory;
		this.properties = properties;
		this.connections = connections;
		this.server = server;
		this.shutdown = shutdown;
		this.limits = new EndpointLimits(properties.maxConnections(), properties.maxMessageBytes().toBytes(),
				properties.idleTimeout(), properties.writeTimeout(), properties.maxUnsentBytes().toBytes());
	}

	@EventListener
	void listening(TcpConnectionServerListeningEvent event) {
		if (this.startedAt == null) {
			this.startedAt = Instant.now();
		}
	}

	@Override
	public String name() {
		return "tcp";
	}

	@Override
	public EndpointState state() {
		if (!this.factory.isListening()) {
			return this.startedAt == null ? EndpointState.STARTING : EndpointState.STOPPED;
		}
		return this.server.applicationStopping() ? EndpointState.DRAINING : this.server.requested();
	}

	@Override
	public @Nullable InetSocketAddress boundAddress() {
		return this.factory.isListening() ? new InetSocketAddress(this.properties.host(), this.factory.getPort())
				: null;
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
		return this.connections.count();
	}

	@Override
	public long acceptedConnections() {
		return this.connections.accepted();
	}

	@Override
	public long rejectedConnections() {
		return this.connections.rejected();
	}

	@Override
	public Collection<? extends LiveConnection> connections() {
		return this.connections.connections();
	}

	@Override
	public @Nullable LiveConnection connection(String id) {
		return this.connections.connection(id);
	}

	@Override
	public void pause() {
		this.server.pause();
	}

	@Override
	public void resume() {
		this.server.resume();
	}

	@Override
	public void drain() {
		if (this.server.drain()) {
			this.shutdown.drainInBackground();
		}
	}

}
