package dev.upcase.server.transport;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets an event through at most once per interval, and counts the ones it held back: for log lines that would
 * otherwise repeat once per connection or per message under load.
 */
public final class Throttle {

	private final long intervalNanos;

	private final AtomicLong next = new AtomicLong(System.nanoTime());

	private final AtomicLong suppressed = new AtomicLong();

	public Throttle(Duration interval) {
		this.intervalNanos = interval.toNanos();
	}

	/**
	 * @return {@code -1} to hold this event back, otherwise how many were held back since the last one let through
	 */
	public long tryPass() {
		long now = System.nanoTime();
		long due = this.next.get();
		if (now - due >= 0 && this.next.compareAndSet(due, now + this.intervalNanos)) {
			return this.suppressed.getAndSet(0);
		}
		this.suppressed.incrementAndGet();
		return -1;
	}

}
