package dev.upcase.server.tcp;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

import dev.upcase.server.endpoint.CloseReason;
import org.jspecify.annotations.Nullable;

/**
 * How many per-connection log lines (opened, closed) are written: {@value #LINES_PER_SECOND} a second on average, in
 * bursts of up to {@value #BURST_LINES} (a token bucket: a pool of clients reconnecting at once is logged whole), so
 * that a client churning connections cannot write as many lines as it likes; the ones held back are counted, by
 * kind and close reason, and told in one summary line per {@link #SUMMARY_INTERVAL}. The metrics and the
 * closed-connections ring keep every connection: only the log is thinned. Thread-safe (events come from every
 * event loop); one short lock per event, as the log appender takes anyway.
 */
final class ConnectionLogBudget {

	/** Lines a second: a busy server's normal traffic is logged whole; a flood is not. */
	static final int LINES_PER_SECOND = 100;

	/** Lines at once, after a quiet spell. */
	static final int BURST_LINES = 1000;

	static final Duration SUMMARY_INTERVAL = Duration.ofSeconds(10);

	private static final long NANOS_PER_LINE = Duration.ofSeconds(1).toNanos() / LINES_PER_SECOND;

	/** When the bucket was last filled up to now: a line may be written while this is less than a burst ago. */
	private long lastRefill;

	/** Lines that may be written now. */
	private long tokens = BURST_LINES;

	private long openedHeldBack;

	private final Map<CloseReason, Long> closedHeldBack = new EnumMap<>(CloseReason.class);

	private boolean clientAtFaultHeldBack;

	ConnectionLogBudget(long nowNanos) {
		this.lastRefill = nowNanos;
	}

	/** @return whether the line of a connection opened may be written; if not, it is counted */
	synchronized boolean opened(long nowNanos) {
		if (take(nowNanos)) {
			return true;
		}
		this.openedHeldBack++;
		return false;
	}

	/** @return whether the line of a connection closed may be written; if not, it is counted by reason */
	synchronized boolean closed(CloseReason reason, boolean clientAtFault, long nowNanos) {
		if (take(nowNanos)) {
			return true;
		}
		this.closedHeldBack.merge(reason, 1L, Long::sum);
		this.clientAtFaultHeldBack |= clientAtFault;
		return false;
	}

	private boolean take(long nowNanos) {
		long earned = (nowNanos - this.lastRefill) / NANOS_PER_LINE;
		if (earned > 0) {
			this.tokens = Math.min(BURST_LINES, this.tokens + earned);
			this.lastRefill += earned * NANOS_PER_LINE; // the part of a line not yet earned carries over
		}
		if (this.tokens > 0) {
			this.tokens--;
			return true;
		}
		return false;
	}

	/**
	 * @return what was held back since the last summary, and starts counting again; {@code null} when nothing was
	 */
	synchronized @Nullable Summary summary() {
		long closed = this.closedHeldBack.values().stream().mapToLong(Long::longValue).sum();
		if (this.openedHeldBack == 0 && closed == 0) {
			return null;
		}
		StringJoiner byReason = new StringJoiner(", ", " (", ")");
		this.closedHeldBack.forEach((reason, count) -> byReason.add(reason.tag() + " " + count));
		Summary summary = new Summary(this.openedHeldBack, closed, closed > 0 ? byReason.toString() : "",
				this.clientAtFaultHeldBack);
		this.openedHeldBack = 0;
		this.closedHeldBack.clear();
		this.clientAtFaultHeldBack = false;
		return summary;
	}

	/**
	 * Lines held back.
	 * @param opened connections opened whose line was not written
	 * @param closed connections closed whose line was not written
	 * @param byReason the closed ones by reason, e.g. {@code " (client 12, tls 3)"}
	 * @param clientAtFault whether any of those closes was a client's bad input or slowness (a WARN line)
	 */
	record Summary(long opened, long closed, String byReason, boolean clientAtFault) {
	}

}
