package dev.upcase.server.metrics;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlMetricNamesTest {

	@Test
	void findsTheMetricInsideFunctionsAggregationsAndRanges() {
		assertThat(PromQlMetricNames
			.of("sum by (reason) (rate(upcase_connections_closed_total{instance=~\"$instance\"}[$__rate_interval]))"))
			.isEqualTo(Map.of("upcase_connections_closed_total", Set.of("instance")));
	}

	@Test
	void keepsHistogramSuffixesAndIgnoresTheQuantileAndGrouping() {
		assertThat(PromQlMetricNames.of(
				"histogram_quantile(0.99, sum by (le, instance) (rate(upcase_messages_processing_seconds_bucket[5m])))"))
			.containsOnlyKeys("upcase_messages_processing_seconds_bucket");
	}

	@Test
	void findsEveryOperandOfABinaryExpressionWithTheirMatchers() {
		Map<String, Set<String>> metrics = PromQlMetricNames.of(
				"sum(jvm_memory_used_bytes{area=\"heap\", id!~\"a}b,c\"}) / on (instance) group_left "
						+ "sum(jvm_memory_max_bytes) * 1e3 > bool 0.5 or vector(0)");
		assertThat(metrics).containsOnlyKeys("jvm_memory_used_bytes", "jvm_memory_max_bytes");
		assertThat(metrics.get("jvm_memory_used_bytes")).containsExactly("area", "id");
	}

	@Test
	void aSelectorWithoutANameIsNotAMetric() {
		assertThat(PromQlMetricNames.of("count({__name__=~\"upcase_.*\"}) offset 5m")).isEmpty();
	}

}
