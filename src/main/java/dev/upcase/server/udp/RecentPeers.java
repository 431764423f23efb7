package dev.upcase.server.udp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The senders ({@code address:port}) seen in the last minute, for the {@code upcase.udp.peers} gauge: what the
 * number of open connections is to a connection-oriented endpoint.
 * <p>
 * Bounded: UDP senders cost nothing to invent (a spoofed flood brings a new source address per packet), so at most
 * {@link #LIMIT} senders are remembered, about 1.5 MB (a map node, the sender's address and a time stamp each,
 * ~150 bytes); while it is full, new senders are not added and the gauge reads the limit, i.e. "at least that
 * many". Senders not seen for a minute are forgotten by {@link #forgetOld()}, which the endpoint runs every few
 * seconds, and before each reading.
 */
final class RecentPeers {

	static final int LIMIT = 10_000;

	static final Duration WINDOW = Duration.ofMinutes(1);

	private final Map<InetSocketAddress, AtomicLong> lastSeen = new ConcurrentHashMap<>();

	private final int limit;

	private final long windowNanos;

	RecentPeers(int limit, Duration window) {
		this.limit = limit;
		this.windowNanos = window.toNanos();
	}

	/** On the event loop, per datagram: the sender's address is Netty's own object, nothing is allocated for a known one. */
	void seen(InetSocketAddress sender) {
		long now = System.nanoTime();
		AtomicLong known = this.lastSeen.get(sender);
		if (known != null) {
			known.lazySet(now);
		}
		else if (this.lastSeen.size() < this.limit) {
			this.lastSeen.put(sender, new AtomicLong(now));
		}
	}

	void forgetOld() {
		long oldest = System.nanoTime() - this.windowNanos;
		this.lastSeen.values().removeIf(seen -> seen.get() - oldest < 0);
	}

	/** @return the senders seen within the window (at most the limit) */
	int count() {
		forgetOld();
		return this.lastSeen.size();
	}

}
