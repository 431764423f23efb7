package dev.upcase.server.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import dev.upcase.TcpTestClient;
import dev.upcase.UpcaseServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.integration.ip.tcp.inbound.TcpInboundGateway;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health, metrics, Prometheus and info as an operator (and Kubernetes, and Prometheus) sees them: over real HTTP,
 * while real TCP clients come and go.
 */
class ObservabilityIT {

	/** Every metric the README's metric table lists, as Prometheus names it. */
	static final List<String> DOCUMENTED_METRICS = List.of("upcase_connections_active",
			"upcase_connections_opened_total", "upcase_connections_closed_total", "upcase_connections_rejected_total", "upcase_messages_in_total",
			"upcase_messages_in_bytes_total", "upcase_messages_out_total", "upcase_messages_out_bytes_total",
			"upcase_transform_errors_total", "upcase_messages_processing_seconds_bucket",
			"upcase_messages_processing_seconds_count", "upcase_messages_processing_seconds_sum");

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
	void healthShowsEachEndpointAndReadinessFollowsThem() {
		assertThat(server.get("/actuator/health").body()).as("details only with credentials")
			.isEqualTo("{\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}");
		var health = server.get("/actuator/health", "operator:s3cret");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(health.body(), "$.status")).isEqualTo("UP");
		assertThat((String) JsonPath.read(health.body(), "$.components.endpoints.components.tcp.details.state")).isEqualTo("accepting");
		assertThat((String) JsonPath.read(health.body(), "$.components.endpoints.components.tcp.details.address"))
			.isEqualTo("127.0.0.1:" + server.tcpPort());
		assertThat((String) JsonPath.read(health.body(), "$.components.endpoints.components.tcp.details.framing")).isEqualTo("line");
		assertThat((String) JsonPath.read(health.body(), "$.components.endpoints.components.tcp.details.state")).isEqualTo("accepting");
		assertThat(server.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(server.get("/actuator/health/readiness").statusCode()).isEqualTo(200);

		TcpInboundGateway gateway = server.context().getBean(TcpInboundGateway.class);
		gateway.stop();
		try {
			Awaitility.await().atMost(Duration.ofSeconds(10))
				.until(() -> server.get("/actuator/health/readiness").statusCode() == 503);
			assertThat(server.get("/actuator/health/liveness").statusCode()).isEqualTo(200); // stopped is not broken
		}
		finally {
			gateway.start();
		}
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> server.get("/actuator/health/readiness").statusCode() == 200);
	}

	@Test
	void activeConnectionsCountOpenClientsExactly() {
		double before = active();
		try (TcpTestClient a = server.connect(); TcpTestClient b = server.connect(); TcpTestClient c = server.connect()) {
			for (TcpTestClient client : List.of(a, b, c)) {
				assertThat(client.exchangeLine("ping")).isEqualTo("PING"); // surely accepted and registered
			}
			assertThat(active()).isEqualTo(before + 3);
		}
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> active() == before);
	}

	@Test
	void countsStayExactThroughAStormOfConnectsDisconnectsAndResets() throws Exception {
		double activeBefore = active();
		ExecutorService threads = Executors.newFixedThreadPool(16);
		try {
			List<Future<?>> storm = new ArrayList<>();
			for (int t = 0; t < 16; t++) {
				long seed = t;
				storm.add(threads.submit(() -> {
					Random random = new Random(seed);
					for (int i = 0; i < 25; i++) {
						TcpTestClient client = server.connect();
						switch (random.nextInt(4)) {
							case 0 -> client.close(); // silent
							case 1 -> {
								assertThat(client.exchangeLine("storm")).isEqualTo("STORM");
								client.close();
							}
							case 2 -> {
								client.write("half a mess"); // mid-message
								client.reset();
							}
							default -> {
								client.write("reset before the reply\n");
								client.reset();
							}
						}
					}
					return null;
				}));
			}
			for (Future<?> future : storm) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> active() == activeBefore);
		double opened = metric("upcase.connections.opened");
		double closed = metric("upcase.connections.closed");
		assertThat(opened - closed).isEqualTo(active());
		assertThat(opened).isGreaterThanOrEqualTo(16 * 25);
	}

	@Test
	void everyDocumentedMetricIsScrapedWithPlausibleValues() {
		try (TcpTestClient client = server.connect()) {
			for (int i = 0; i < 10; i++) {
				assertThat(client.exchangeLine("ten bytes!")).isEqualTo("TEN BYTES!");
			}
		}
		String scrape = server.get("/actuator/prometheus").body();
		for (String name : DOCUMENTED_METRICS) {
			assertThat(scrape).as(name).containsPattern("(?m)^" + name + "\\{");
		}
		assertThat(sample(scrape, "upcase_messages_in_total")).isGreaterThanOrEqualTo(10);
		assertThat(sample(scrape, "upcase_messages_in_bytes_total")).isGreaterThanOrEqualTo(100);
		assertThat(sample(scrape, "upcase_messages_out_total")).isEqualTo(sample(scrape, "upcase_messages_in_total"));
		assertThat(sample(scrape, "upcase_transform_errors_total")).isZero();
		assertThat(sample(scrape, "upcase_messages_processing_seconds_count"))
			.isEqualTo(sample(scrape, "upcase_messages_in_total"));
		assertThat(scrape).contains("upcase_connections_closed_total{application=\"upcase\",endpoint=\"tcp\",reason=\"oversize\"}");
		// percentiles are queryable: the histogram has buckets below a millisecond, where this transform lives
		assertThat(scrape).containsPattern("upcase_messages_processing_seconds_bucket\\{.*le=\"1\\.\\d+E-5\"");
	}

	@Test
	void theScrapeIsValidForPrometheusItself() throws Exception {
		Assumptions.assumeTrue(onPath("promtool"),
				"promtool is not installed (Debian package 'prometheus'; .ci/run installs it): cannot validate the scrape");
		try (TcpTestClient client = server.connect()) {
			client.exchangeLine("traffic first");
		}
		String scrape = server.get("/actuator/prometheus").body();
		Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
		try (OutputStream in = promtool.getOutputStream()) {
			in.write(scrape.getBytes(StandardCharsets.UTF_8));
		}
		assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
		String report = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		// 0: clean; 3: parsed, with lint remarks (Boot's and Spring Security's own meters lack help texts);
		// anything else: Prometheus could not parse the scrape
		assertThat(promtool.exitValue()).as(report).isIn(0, 3);
		assertThat(report.lines().filter(line -> line.startsWith("upcase_"))).as("lint remarks on upcase metrics")
			.isEmpty();
	}

	@Test
	void onlyProbesScrapesAndInfoAnswerWithoutCredentials() {
		assertThat(server.get("/actuator/integrationgraph").statusCode()).isEqualTo(401);
		var graph = server.get("/actuator/integrationgraph", "operator:s3cret");
		assertThat(graph.statusCode()).isEqualTo(200);
		assertThat(graph.body()).contains("tcp-inbound-gateway").contains("upcaseFlow");
		assertThat(server.get("/actuator/integrationgraph", "operator:wrong").statusCode()).isEqualTo(401);
		assertThat(server.get("/actuator/env").statusCode()).isIn(401, 404);
		for (String open : List.of("/actuator/health", "/actuator/info", "/actuator/metrics", "/actuator/prometheus")) {
			assertThat(server.get(open).statusCode()).as(open).isEqualTo(200);
		}
	}

	@Test
	void infoShowsVersionBuildTimeAndCommit() {
		String info = server.get("/actuator/info").body();
		assertThat((String) JsonPath.read(info, "$.build.version")).isNotBlank();
		assertThat((String) JsonPath.read(info, "$.build.time")).isNotBlank();
		assertThat((String) JsonPath.read(info, "$.git.commit.id")).isNotBlank();
	}

	@Test
	void infoShowsJavaAndOsOnlyWithCredentials() {
		Map<String, Object> open = JsonPath.read(server.get("/actuator/info").body(), "$");
		assertThat(open).containsKeys("build", "git").doesNotContainKeys("java", "os");
		var authorized = server.get("/actuator/info", "operator:s3cret");
		assertThat(authorized.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(authorized.body(), "$.java.version")).isNotBlank();
		assertThat((String) JsonPath.read(authorized.body(), "$.os.name")).isNotBlank();
	}

	private static double active() {
		return metric("upcase.connections.active");
	}

	private static double metric(String name) {
		String body = server.get("/actuator/metrics/" + name).body();
		return ((Number) JsonPath.read(body, "$.measurements[0].value")).doubleValue();
	}

	/** Sums the samples of one series name in a Prometheus text scrape. */
	private static double sample(String scrape, String name) {
		return scrape.lines()
			.filter(line -> line.startsWith(name + "{"))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private static boolean onPath(String command) {
		try {
			return new ProcessBuilder(command, "--version").start().waitFor(10, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
