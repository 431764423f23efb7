package dev.upcase.server.tcp;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;

/**
 * What one connection holds of the limits — a slot of its endpoint, of all endpoints together, and of its peer's —
 * from the accept on, given back exactly once: when the connection closes, or at once when it is evicted.
 * <p>
 * A connection whose TLS handshake (or PROXY protocol header) has not finished is <em>pending</em>: it has not shown
 * it is a client at all, so when the endpoint is full the oldest pending connection gives its slot to the newcomer
 * and is closed. A silent socket then keeps no real client out for the length of a handshake timeout.
 */
final class Admission {

	private static final int PENDING = 0;

	private static final int SETTLED = 1;

	private static final int EVICTED = 2;

	/** Order of arrival: the oldest pending connection is evicted first. */
	final long sequence;

	final Channel channel;

	private final AtomicInteger phase;

	/** Gives the slots back: the endpoint's, the total's, and the peer's under this key (when one was claimed). */
	private final BiConsumer<Admission, @Nullable String> release;

	private boolean released;

	private @Nullable String peerKey;

	/** How an evicted connection is closed (on its event loop), as far as it has got. */
	private volatile @Nullable Runnable eviction;

	/**
	 * @param pending whether it must finish a handshake or send a header before it counts as a client
	 * @param release gives the slots back
	 */
	Admission(long sequence, Channel channel, boolean pending, BiConsumer<Admission, @Nullable String> release) {
		this.sequence = sequence;
		this.channel = channel;
		this.phase = new AtomicInteger(pending ? PENDING : SETTLED);
		this.release = release;
	}

	boolean pending() {
		return this.phase.get() == PENDING;
	}

	/** The handshake or header has finished: a client, never evicted from now on. */
	boolean settle() {
		return this.phase.compareAndSet(PENDING, SETTLED);
	}

	void onEviction(Runnable close) {
		this.eviction = close;
	}

	/**
	 * Evicts the connection if it is still pending: its slots are free at once, and it is closed on its event loop.
	 * @return whether it was evicted
	 */
	boolean evict() {
		if (!this.channel.isRegistered() || !this.phase.compareAndSet(PENDING, EVICTED)) {
			return false;
		}
		release();
		this.channel.eventLoop().execute(() -> {
			Runnable close = this.eviction; // read on the event loop: the stage the connection has reached by now
			if (close != null) {
				close.run();
			}
			this.channel.close(); // a stage that had just ended (its header read) closes nothing: closed here
		});
		return true;
	}

	/**
	 * The connection holds a slot of its peer's too (claimed at accept, or after its PROXY header).
	 * @return {@code false} when the connection has given its slots back already (evicted): the caller gives this one
	 * back
	 */
	synchronized boolean holdPeer(String key) {
		if (this.released) {
			return false;
		}
		this.peerKey = key;
		return true;
	}

	/** Gives the slots back, the first time only. */
	void release() {
		String key;
		synchronized (this) {
			if (this.released) {
				return;
			}
			this.released = true;
			key = this.peerKey;
		}
		this.release.accept(this, key);
	}

}
