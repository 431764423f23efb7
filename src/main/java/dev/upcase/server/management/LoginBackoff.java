package dev.upcase.server.management;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.upcase.server.transport.PeerKey;

/**
 * Failed logins per source, and how long each source is refused for them: the first {@value #FREE_FAILURES} in a
 * row are free (typing mistakes), then each one refuses that source for twice as long as the one before, from one
 * second up to {@code max}. A right password resets its source. Sources are addresses; an IPv6 source is its /64
 * (one host usually has a whole /64 to pick addresses from). Bounded: at most {@value #CAPACITY} sources are
 * remembered (the one that failed longest ago makes room), each forgotten {@link #FORGET_AFTER} after its last
 * failure. Thread-safe: Tomcat's threads call it concurrently.
 */
final class LoginBackoff {

	static final int FREE_FAILURES = 5;

	static final int CAPACITY = 10_000;

	static final Duration FORGET_AFTER = Duration.ofMinutes(15);

	private static final long FIRST_NANOS = Duration.ofSeconds(1).toNanos();

	private final long maxNanos;

	/** by source, the one that failed longest ago first */
	private final Map<String, Source> sources = new LinkedHashMap<>() {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Source> eldest) {
			return size() > CAPACITY;
		}

	};

	/** @param max the longest refusal; {@code 0} turns the backoff off (failures are still counted) */
	LoginBackoff(Duration max) {
		this.maxNanos = max.toNanos();
	}

	/** What one failure did: how many in a row from its source, and how long that source is now refused. */
	record Failure(String source, int inARow, Duration refusedFor) {
	}

	/** @return how much longer this source is refused, zero if it is not */
	Duration refusedFor(String address) {
		String key = source(address);
		long now = System.nanoTime();
		synchronized (this.sources) {
			Source source = this.sources.get(key);
			if (source == null) {
				return Duration.ZERO;
			}
			if (now - source.lastFailure - FORGET_AFTER.toNanos() >= 0) {
				this.sources.remove(key);
				return Duration.ZERO;
			}
			long left = source.refusedUntil - now;
			return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
		}
	}

	Failure failed(String address) {
		String key = source(address);
		long now = System.nanoTime();
		synchronized (this.sources) {
			Source source = this.sources.remove(key); // put back at the young end
			if (source == null || now - source.lastFailure - FORGET_AFTER.toNanos() >= 0) {
				source = new Source();
			}
			source.failures++;
			source.lastFailure = now;
			long refusal = refusalAfter(source.failures);
			source.refusedUntil = now + refusal;
			this.sources.put(key, source);
			return new Failure(key, source.failures, Duration.ofNanos(refusal));
		}
	}

	void succeeded(String address) {
		String key = source(address);
		synchronized (this.sources) {
			this.sources.remove(key);
		}
	}

	int size() {
		synchronized (this.sources) {
			return this.sources.size();
		}
	}

	private long refusalAfter(int failures) {
		if (this.maxNanos == 0 || failures <= FREE_FAILURES) {
			return 0;
		}
		int doublings = Math.min(failures - FREE_FAILURES - 1, 40);
		return Math.min(this.maxNanos, FIRST_NANOS << Math.min(doublings, 20));
	}

	/** @return the address, or for IPv6 its /64 ({@code 2001:db8:0:1::/64}): {@link PeerKey} */
	static String source(String address) {
		String key = PeerKey.of(address);
		return key != null ? key : address;
	}

	private static final class Source {

		int failures;

		long lastFailure;

		long refusedUntil;

	}

}
