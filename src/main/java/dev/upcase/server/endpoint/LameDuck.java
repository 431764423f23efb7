package dev.upcase.server.endpoint;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How every endpoint starts a drain ({@link Endpoint#drain()}): readiness goes DOWN at once, but an endpoint that
 * was accepting keeps accepting and serving for {@code upcase.tcp.lame-duck} ({@link EndpointState#LAME_DUCK}) —
 * a load balancer only notices readiness DOWN at its next health checks, and until then it still sends new clients
 * here; refusing them would turn a planned stop into errors. Then the drain proper. The model is NATS's lame-duck
 * mode. A paused endpoint accepts no one, so it drains at once; so does every endpoint with a period of 0.
 */
public final class LameDuck {

	private final Duration period;

	public LameDuck(Duration period) {
		this.period = period;
	}

	/** @return how long the lame duck lasts */
	public Duration period() {
		return this.period;
	}

	/**
	 * Starts the drain of an endpoint in this state, unless one has started already.
	 * @param lameDuck says that the lame duck starts (run first, when it does)
	 * @param drain stops accepting and drains the open connections: run at once, or when the lame duck is over
	 * (on another thread; not at all when the endpoint has stopped meanwhile)
	 * @return whether a drain started (not when one had already, or the endpoint is not listening)
	 */
	public boolean start(AtomicReference<EndpointState> state, Runnable lameDuck, Runnable drain) {
		EndpointState before = state.getAndUpdate(this::next);
		if (!before.canDrain()) {
			return false;
		}
		if (next(before) == EndpointState.DRAINING) {
			drain.run();
		}
		else {
			lameDuck.run();
			CompletableFuture.delayedExecutor(this.period.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
				if (state.compareAndSet(EndpointState.LAME_DUCK, EndpointState.DRAINING)) {
					drain.run();
				}
			});
		}
		return true;
	}

	private EndpointState next(EndpointState now) {
		if (!now.canDrain()) {
			return now;
		}
		return (now == EndpointState.ACCEPTING && !this.period.isZero()) ? EndpointState.LAME_DUCK
				: EndpointState.DRAINING;
	}

}
