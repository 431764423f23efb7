package dev.upcase.server.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import dev.upcase.TcpTestClient;
import dev.upcase.UpcaseServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard ({@code deploy/grafana/upcase.json}) reads only what the application exports: every metric
 * name in every query (panels and variables), and every label its selectors match on, is in a live scrape of
 * {@code /actuator/prometheus} taken after real traffic. A renamed meter fails here, not as an empty panel in
 * production.
 */
class GrafanaDashboardIT {

	private static final Path DASHBOARD = Path.of("deploy/grafana/upcase.json");

	/** added by Prometheus when it scrapes, so never in the application's own output */
	private static final Set<String> SCRAPE_LABELS = Set.of("instance", "job");

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([^,)]+)");

	private static UpcaseServer server;

	@BeforeAll
	static void start() {
		server = UpcaseServer.start("--upcase.tcp.framing=line", "--spring.security.user.password=s3cret");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void everyQueryOfTheDashboardReadsExportedMetricsAndLabels() throws IOException {
		String dashboard = Files.readString(DASHBOARD);
		List<String> expressions = JsonPath.read(dashboard, "$..targets[*].expr");
		assertThat(expressions).as("queries in " + DASHBOARD).hasSizeGreaterThan(20);
		List<String> queries = new ArrayList<>(expressions);
		List<String> variableQueries = JsonPath.read(dashboard, "$.templating.list[?(@.type == 'query')].definition");
		for (String definition : variableQueries) {
			Matcher metric = LABEL_VALUES.matcher(definition);
			assertThat(metric.find()).as("variable query " + definition).isTrue();
			queries.add(metric.group(1));
		}

		produceTraffic();
		Map<String, Set<String>> exported = scrape();

		Map<String, Set<String>> used = new LinkedHashMap<>();
		for (String query : queries) {
			Map<String, Set<String>> names = PromQlMetricNames.of(query);
			assertThat(names).as("metrics in " + query).isNotEmpty();
			names.forEach((name, labels) -> used.computeIfAbsent(name, key -> new HashSet<>()).addAll(labels));
		}
		assertThat(used.keySet()).as("metrics the dashboard uses, all exported").isSubsetOf(exported.keySet());
		used.forEach((name, labels) -> {
			Set<String> expected = new HashSet<>(labels);
			expected.removeAll(SCRAPE_LABELS);
			assertThat(exported.get(name)).as("labels of " + name).containsAll(expected);
		});
		// the panels the issue asks for are there: by reason, the histogram, heap and GC
		assertThat(used).containsKeys("upcase_connections_active", "upcase_connections_opened_total",
				"upcase_connections_closed_total", "upcase_connections_rejected_total", "upcase_messages_in_total",
				"upcase_messages_out_total", "upcase_messages_in_bytes_total", "upcase_messages_out_bytes_total",
				"upcase_messages_processing_seconds_bucket", "upcase_transform_errors_total", "jvm_memory_used_bytes",
				"jvm_gc_pause_seconds_sum");
		assertThat(JsonPath.<List<String>>read(dashboard, "$.templating.list[*].name")).contains("datasource", "instance");
	}

	/** requests, replies, a close, and a garbage collection, so that every counter and timer has samples */
	private static void produceTraffic() {
		try (TcpTestClient client = server.connect()) {
			for (int i = 0; i < 20; i++) {
				assertThat(client.exchangeLine("hello " + i)).isEqualTo("HELLO " + i);
			}
		}
		System.gc(); // the server runs in this JVM: jvm_gc_pause_* exist once a collection happened
		String clientClosed = "upcase_connections_closed_total{application=\"upcase\",endpoint=\"tcp\",reason=\"client\"} 1.0";
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> scrape().containsKey("jvm_gc_pause_seconds_sum")
					&& server.get("/actuator/prometheus").body().contains(clientClosed));
	}

	/** @return each series name in the scrape, with every label name it carries */
	private static Map<String, Set<String>> scrape() {
		var response = server.get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Set<String>> series = new HashMap<>();
		response.body().lines().filter(line -> !line.startsWith("#")).forEach(line -> {
			Matcher sample = SAMPLE.matcher(line);
			if (sample.find()) {
				Set<String> labels = series.computeIfAbsent(sample.group(1), key -> new HashSet<>());
				if (sample.group(2) != null) {
					Matcher label = LABEL.matcher(sample.group(2));
					while (label.find()) {
						labels.add(label.group(1));
					}
				}
			}
		});
		return series;
	}

}
