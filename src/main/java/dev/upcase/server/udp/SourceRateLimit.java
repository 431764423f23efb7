package dev.upcase.server.udp;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import dev.upcase.server.transport.PeerKey;

/**
 * How many replies each source may get: a token bucket per address ({@code upcase.udp.per-source-rate} replies a
 * second, up to {@code per-source-burst} at once), an IPv6 source by its /64 ({@link PeerKey}: one host usually has a
 * whole /64, and a spoofer in it would otherwise be 2^64 sources), so that a peer that answers every reply with a new
 * request (another responder that found this one, or one a spoofed request introduced) gets the burst and then at
 * most the rate, and a ping-pong between the two ends at the first reply not sent.
 * <p>
 * Keyed by address, not address and port: a spoofer picks the port freely, and a victim of reflected replies is
 * an address. Each bucket is one time stamp, the "theoretical arrival time" of the generic cell rate algorithm
 * (the token bucket written as when it is next full), moved by compare-and-set: the sockets of several event loops
 * may serve one address at once.
 * <p>
 * Bounded: spoofed sources cost an attacker nothing, so at most {@code max-sources} addresses are tracked (a map
 * node, the address and a bucket: about 150 bytes each for IPv4, 200 for IPv6). A bucket that has filled up again is
 * the same as none, and {@link #forgetFull} removes those; while the table is full, sources not in it share one
 * bucket of the same rate and burst, as if they were one source: what the server sends to untracked sources stays
 * bounded, and tracked sources keep theirs.
 */
final class SourceRateLimit {

	private final long intervalNanos;

	private final long burstNanos;

	private final int maxSources;

	private final Map<InetAddress, AtomicLong> buckets = new ConcurrentHashMap<>();

	/** Counted apart from the map: a ConcurrentHashMap's size is an estimate while others write. */
	private final AtomicInteger tracked = new AtomicInteger();

	/** The one bucket of every source not in the table while it is full. */
	private final AtomicLong overflow;

	/**
	 * @param rate replies per second per source (at least 1)
	 * @param burst replies a source may get at once (at least 1)
	 * @param maxSources source addresses tracked at once
	 * @param now {@link System#nanoTime()}
	 */
	SourceRateLimit(int rate, int burst, int maxSources, long now) {
		this.intervalNanos = Math.max(1, 1_000_000_000L / rate);
		this.burstNanos = this.intervalNanos * burst;
		this.maxSources = maxSources;
		this.overflow = new AtomicLong(now);
	}

	/**
	 * @param source the sender's address, as {@link SourceCheck#normalize} gives it (one key for IPv4 and IPv4-mapped)
	 * @param clock {@link System#nanoTime()}: read after the bucket, each time round
	 * @return whether it may get one more reply now (it is then counted)
	 */
	boolean tryAcquire(InetAddress source, LongSupplier clock) {
		InetAddress key = PeerKey.network(source);
		AtomicLong bucket = this.buckets.get(key);
		if (bucket == null) {
			bucket = track(key, clock.getAsLong());
		}
		while (true) {
			long next = bucket.get();
			// the time after the bucket: another event loop may have moved it with a later time than one read
			// before it, and a thread descheduled in between would take that for a burst
			long now = clock.getAsLong();
			long after = Math.max(next, now) + this.intervalNanos;
			if (after - now > this.burstNanos) {
				return false;
			}
			if (bucket.compareAndSet(next, after)) {
				return true;
			}
		}
	}

	private AtomicLong track(InetAddress source, long now) {
		if (this.tracked.incrementAndGet() > this.maxSources) {
			this.tracked.decrementAndGet();
			return this.overflow;
		}
		AtomicLong fresh = new AtomicLong(now);
		AtomicLong raced = this.buckets.putIfAbsent(source, fresh);
		if (raced != null) { // another event loop added it a moment ago
			this.tracked.decrementAndGet();
			return raced;
		}
		return fresh;
	}

	/**
	 * Removes the buckets that are full again (their source sent nothing for {@code burst / rate} seconds): a
	 * source without one starts with a full bucket, so this changes no answer, only frees room.
	 * @param now {@link System#nanoTime()}
	 */
	void forgetFull(long now) {
		for (Iterator<Map.Entry<InetAddress, AtomicLong>> entries = this.buckets.entrySet().iterator(); entries
			.hasNext();) {
			Map.Entry<InetAddress, AtomicLong> entry = entries.next();
			if (entry.getValue().get() - now <= 0 && this.buckets.remove(entry.getKey(), entry.getValue())) {
				this.tracked.decrementAndGet();
			}
		}
	}

	/** @return whether a source not tracked yet would share the overflow bucket */
	boolean full() {
		return this.tracked.get() >= this.maxSources;
	}

	/** @return the source addresses tracked now */
	int tracked() {
		return this.tracked.get();
	}

}
