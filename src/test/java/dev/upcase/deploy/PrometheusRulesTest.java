package dev.upcase.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.upcase.Tools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/prometheus-rules.yml} through Prometheus' own tool: {@code promtool check rules}, and
 * {@code promtool test rules} with made-up series for which each alert must fire, or not
 * ({@code src/test/resources/prometheus/rules-test.yml}). deploy/fleet-test.sh evaluates the same rules against a
 * live fleet. Skipped, saying so, where promtool is not installed.
 */
class PrometheusRulesTest {

	private static final Path RULES = Path.of("deploy/prometheus-rules.yml");

	private static final Path RULES_TEST = Path.of("src/test/resources/prometheus/rules-test.yml");

	@BeforeEach
	void promtool() {
		Assumptions.assumeTrue(Tools.onPath("promtool"),
				"promtool is not installed (Debian package 'prometheus'; .ci/run installs it): cannot check the rules");
	}

	@Test
	void theRulesPassPromtoolsCheck() throws Exception {
		assertThat(promtool(Path.of("."), "check", "rules", RULES.toString())).contains("SUCCESS: 8 rules found");
	}

	@Test
	void eachAlertFiresOnTheSeriesItWatchesAndOnlyThere() throws Exception {
		assertThat(promtool(RULES_TEST.getParent(), "test", "rules", RULES_TEST.getFileName().toString()))
			.contains("SUCCESS");
	}

	@Test
	void theRulesCoverTheAlertsTheOperationsGuideRecommends() throws IOException {
		String rules = Files.readString(RULES, StandardCharsets.UTF_8);
		for (String expression : List.of("upcase_connections_active", "rate(upcase_connections_rejected_total{reason=~\"max-connections|max-total-connections\"}[5m])) > 0",
				"upcase_connections_closed_total{reason=~\"oversize|malformed|slow\"}[5m]", "upcase_transform_errors_total",
				"upcase_messages_processing_seconds_bucket", "jvm_memory_used_bytes", "jvm_gc_pause_seconds")) {
			assertThat(rules).as("a rule on " + expression).contains(expression);
		}
		assertThat(Files.readString(Path.of("docs/operations.md"), StandardCharsets.UTF_8))
			.contains("deploy/prometheus-rules.yml");
	}

	private static String promtool(Path directory, String... args) throws Exception {
		List<String> command = new java.util.ArrayList<>(List.of("promtool"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

}
