package dev.upcase.client.bench;

import java.time.Duration;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a bench run measured: printed for people ({@link #text()}) or as JSON ({@link #json()}), with the same
 * field names in both.
 *
 * @param connections concurrent connections
 * @param pipeline requests in flight on each connection
 * @param size bytes per request
 * @param framing the framing used, by its configuration name; {@value #DATAGRAM} over UDP
 * @param durationSeconds the measured time (after the warm-up)
 * @param requests replies received in that time
 * @param rps requests per second
 * @param errors requests that got no reply (each stops its connection's worker)
 * @param mismatches replies that were not the uppercase of their request, warm-up included
 * @param lost over UDP: requests without a reply within the client's timeout, warm-up included (always 0 on a
 * stream, where a reply that does not come is an error)
 * @param latencyMicros request-to-reply time percentiles, in microseconds
 * @param reconnect with {@code --reconnect}: what the workers did when a connection failed; {@code null} (and
 * left out of the JSON) without it
 */
record BenchSummary(int connections, int pipeline, int size, String framing, double durationSeconds, long requests, double rps,
		long errors, long mismatches, long lost, Latency latencyMicros,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Reconnects reconnect) {

	/** The framing of a UDP run: a datagram is one message. */
	static final String DATAGRAM = "datagram";

	static BenchSummary of(BenchPlan plan, Duration measured, Histogram latencies, long errors, long mismatches,
			long lost) {
		double seconds = measured.toNanos() / 1e9;
		long requests = latencies.getTotalCount();
		return new BenchSummary(plan.connections(), plan.pipeline(), plan.size(),
				plan.udp() ? DATAGRAM : plan.framing().configName(), round(seconds), requests,
				seconds > 0 ? round(requests / seconds) : 0, errors, mismatches, lost, Latency.of(latencies), null);
	}

	/** @return this summary with what {@code --reconnect} did */
	BenchSummary with(Reconnects reconnects) {
		return new BenchSummary(this.connections, this.pipeline, this.size, this.framing, this.durationSeconds,
				this.requests, this.rps, this.errors, this.mismatches, this.lost, this.latencyMicros, reconnects);
	}

	/**
	 * @return whether every request got its correct reply; over UDP, lost datagrams are part of the figures, not a
	 * failure, unless not one reply came back in the measured time
	 */
	boolean clean() {
		return this.errors == 0 && this.mismatches == 0 && !allLost()
				&& (this.reconnect == null || this.reconnect.unanswered() == 0);
	}

	/** @return whether datagrams were lost and not one reply came back in the measured time */
	boolean allLost() {
		return this.lost > 0 && this.requests == 0;
	}

	String text() {
		Latency l = this.latencyMicros;
		boolean udp = DATAGRAM.equals(this.framing);
		return String.format(Locale.ROOT, """
				upcase bench: %d %s, %d in flight on each, %d-byte requests, %s, %.1f s measured
				requests      %,d  (%,.0f per second)
				errors        %,d
				mismatches    %,d
				%slatency (us)  p50 %,d  p90 %,d  p99 %,d  p99.9 %,d  max %,d
				""", this.connections, udp ? "UDP sockets" : "connections", this.pipeline, this.size,
				udp ? "a datagram each" : this.framing + " framing", this.durationSeconds, this.requests, this.rps,
				this.errors, this.mismatches, udp ? String.format(Locale.ROOT, "lost          %,d\n", this.lost) : "",
				l.p50(), l.p90(), l.p99(), l.p999(), l.max()) + (this.reconnect != null ? this.reconnect.text() : "");
	}

	String json() {
		return JsonMapper.shared().writeValueAsString(this);
	}

	private static double round(double value) {
		return Math.round(value * 10) / 10.0;
	}

	/**
	 * What {@code --reconnect} did over the whole run (warm-up and the replies awaited at the end included).
	 *
	 * @param reconnects connections that failed (end-of-stream, reset, no reply in time) and were replaced
	 * @param resent requests sent again on a new connection because the failed one had not answered them
	 * @param unanswered requests still without a reply when a worker gave up (no new connection within the timeout)
	 * @param answered every reply received: what the servers answered, as the client counts it
	 * @param opened connections opened: one per worker, plus one per reconnect
	 */
	record Reconnects(long reconnects, long resent, long unanswered, long answered, long opened) {

		String text() {
			return String.format(Locale.ROOT, """
					reconnects    %,d  (connections opened %,d)
					resent        %,d
					unanswered    %,d
					answered      %,d  (warm-up and end of run included)
					""", this.reconnects, this.opened, this.resent, this.unanswered, this.answered);
		}

	}

	/** Latency percentiles in microseconds. */
	record Latency(long p50, long p90, long p99, long p999, long max) {

		static Latency of(Histogram histogram) {
			return new Latency(histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
					histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9),
					histogram.getMaxValue());
		}

	}

}
