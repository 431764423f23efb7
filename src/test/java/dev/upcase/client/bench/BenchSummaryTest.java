package dev.upcase.client.bench;

import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import dev.upcase.framing.Framing;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bench summary from a known set of latencies: the arithmetic, the text, the JSON.
 */
class BenchSummaryTest {

	private static final BenchPlan PLAN = new BenchPlan(4, 8, 32, Framing.LINE, false, Duration.ofSeconds(2),
			Duration.ofSeconds(10), false);

	@Test
	void summarisesLatenciesAndThroughput() {
		Histogram latencies = new Histogram(3);
		for (int micros = 1; micros <= 1000; micros++) {
			latencies.recordValue(micros); // 1 .. 1000 us, once each
		}
		BenchSummary summary = BenchSummary.of(PLAN, Duration.ofMillis(2000), latencies, 0, 0, 0);
		assertThat(summary.requests()).isEqualTo(1000);
		assertThat(summary.rps()).isEqualTo(500.0);
		assertThat(summary.durationSeconds()).isEqualTo(2.0);
		assertThat(summary.latencyMicros()).isEqualTo(new BenchSummary.Latency(500, 900, 990, 999, 1000));
		assertThat(summary.clean()).isTrue();
		assertThat(summary.text()).isEqualTo("""
				upcase bench: 4 connections, 8 in flight on each, 32-byte requests, line framing, 2.0 s measured
				requests      1,000  (500 per second)
				errors        0
				mismatches    0
				latency (us)  p50 500  p90 900  p99 990  p99.9 999  max 1,000
				""");
	}

	@Test
	void jsonHasTheDocumentedFields() {
		Histogram latencies = new Histogram(3);
		latencies.recordValue(250);
		String json = BenchSummary.of(PLAN, Duration.ofSeconds(1), latencies, 2, 1, 0).json();
		assertThat((Integer) JsonPath.read(json, "$.connections")).isEqualTo(4);
		assertThat((Integer) JsonPath.read(json, "$.pipeline")).isEqualTo(8);
		assertThat((Integer) JsonPath.read(json, "$.size")).isEqualTo(32);
		assertThat((String) JsonPath.read(json, "$.framing")).isEqualTo("line");
		assertThat((Double) JsonPath.read(json, "$.durationSeconds")).isEqualTo(1.0);
		assertThat((Integer) JsonPath.read(json, "$.requests")).isEqualTo(1);
		assertThat((Double) JsonPath.read(json, "$.rps")).isEqualTo(1.0);
		assertThat((Integer) JsonPath.read(json, "$.errors")).isEqualTo(2);
		assertThat((Integer) JsonPath.read(json, "$.mismatches")).isEqualTo(1);
		for (String percentile : new String[] { "p50", "p90", "p99", "p999", "max" }) {
			assertThat((Integer) JsonPath.read(json, "$.latencyMicros." + percentile)).isEqualTo(250);
		}
	}

	@Test
	void anErrorOrAMismatchMakesTheRunUnclean() {
		Histogram latencies = new Histogram(3);
		assertThat(BenchSummary.of(PLAN, Duration.ofSeconds(1), latencies, 1, 0, 0).clean()).isFalse();
		assertThat(BenchSummary.of(PLAN, Duration.ofSeconds(1), latencies, 0, 1, 0).clean()).isFalse();
	}

	@Test
	void overUdpTheSummaryCountsLostDatagrams() {
		BenchPlan udp = new BenchPlan(2, 1, 32, Framing.RAW, true, Duration.ofSeconds(1), Duration.ofSeconds(2), false);
		Histogram latencies = new Histogram(3);
		latencies.recordValue(40);
		BenchSummary summary = BenchSummary.of(udp, Duration.ofSeconds(2), latencies, 0, 0, 3);
		assertThat(summary.text()).isEqualTo("""
				upcase bench: 2 UDP sockets, 1 in flight on each, 32-byte requests, a datagram each, 2.0 s measured
				requests      1  (1 per second)
				errors        0
				mismatches    0
				lost          3
				latency (us)  p50 40  p90 40  p99 40  p99.9 40  max 40
				""");
		assertThat((String) JsonPath.read(summary.json(), "$.framing")).isEqualTo("datagram");
		assertThat((Integer) JsonPath.read(summary.json(), "$.lost")).isEqualTo(3);
		assertThat((Integer) JsonPath.read(BenchSummary.of(PLAN, Duration.ofSeconds(1), latencies, 0, 0, 0).json(),
				"$.lost")).isZero();
	}

	@Test
	void lostDatagramsFailTheRunOnlyWhenNoReplyCameAtAll() {
		BenchPlan udp = new BenchPlan(2, 1, 32, Framing.RAW, true, Duration.ofSeconds(1), Duration.ofSeconds(2), false);
		Histogram someAnswered = new Histogram(3);
		someAnswered.recordValue(40);
		assertThat(BenchSummary.of(udp, Duration.ofSeconds(2), someAnswered, 0, 0, 5).clean()).isTrue();
		assertThat(BenchSummary.of(udp, Duration.ofSeconds(2), new Histogram(3), 0, 0, 5).clean()).isFalse();
		assertThat(BenchSummary.of(udp, Duration.ofSeconds(2), someAnswered, 0, 1, 0).clean()).isFalse();
	}

}
