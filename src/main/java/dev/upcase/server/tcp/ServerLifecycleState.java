package dev.upcase.server.tcp;

import java.util.concurrent.atomic.AtomicReference;

import dev.upcase.server.endpoint.CloseReason;
import dev.upcase.server.endpoint.EndpointState;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Knows when the application starts to stop, so that connections closed from then on are closed for
 * {@link CloseReason#SHUTDOWN}; and what an operator asked of the endpoint (pause, resume, drain).
 */
final class ServerLifecycleState implements ServerConnectionSupport.ServerState, ApplicationListener<ContextClosedEvent> {

	private volatile boolean stopping;

	/** {@link EndpointState#ACCEPTING}, {@link EndpointState#PAUSED} or {@link EndpointState#DRAINING}. */
	private final AtomicReference<EndpointState> requested = new AtomicReference<>(EndpointState.ACCEPTING);

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		this.stopping = true;
	}

	@Override
	public boolean stopping() {
		return this.stopping || this.requested.get() == EndpointState.DRAINING;
	}

	@Override
	public boolean refusing() {
		return this.requested.get() != EndpointState.ACCEPTING;
	}

	/** @return whether the application context is closing */
	boolean applicationStopping() {
		return this.stopping;
	}

	/** @return what an operator last asked: accepting, paused or draining */
	EndpointState requested() {
		return this.requested.get();
	}

	void pause() {
		this.requested.compareAndSet(EndpointState.ACCEPTING, EndpointState.PAUSED);
	}

	void resume() {
		this.requested.compareAndSet(EndpointState.PAUSED, EndpointState.ACCEPTING);
	}

	/** @return whether this call started the drain (it is not undone) */
	boolean drain() {
		return this.requested.getAndSet(EndpointState.DRAINING) != EndpointState.DRAINING;
	}

}
