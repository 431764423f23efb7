package dev.upcase.client;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import dev.upcase.UpcaseServer;
import dev.upcase.client.ClientProcess.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code upcase client bench} against the real server: a sane summary, every reply right, one connection per
 * worker.
 */
class BenchIT {

	private static UpcaseServer server;

	@BeforeAll
	static void start() {
		server = UpcaseServer.start("--upcase.tcp.framing=line");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void benchPrintsASaneSummaryWithEveryReplyRight() {
		Result result = ClientProcess.run("bench", "--port", ClientModesIT.port(server), "--framing", "line",
				"--connections", "4", "--duration", "2s", "--warmup", "1s", "--size", "48");
		assertThat(result.exitCode()).as(result.stderr()).isZero();
		// the measured time is the clock's, a little over --duration on a busy machine
		assertThat(result.stdout())
			.containsPattern("^upcase bench: 4 connections, 1 in flight on each, 48-byte requests, line framing, 2\\.\\d s measured\n");
		assertThat(result.stdout()).contains("errors        0\n").contains("mismatches    0\n");
		Matcher requests = Pattern.compile("requests +([\\d,]+) +\\(([\\d,]+) per second\\)").matcher(result.stdout());
		assertThat(requests.find()).as(result.stdout()).isTrue();
		assertThat(Long.parseLong(requests.group(1).replace(",", ""))).isPositive();
		assertThat(result.stdout()).containsPattern("latency \\(us\\) +p50 [\\d,]+ +p90 [\\d,]+ +p99 [\\d,]+ +p99\\.9 [\\d,]+ +max [\\d,]+");
		assertThat(result.stderrLines()).first().asString().isEqualTo("bench: 4 connections open, warming up for 1s");
		assertThat(result.stderrLines()).filteredOn(line -> line.contains("req/s")).hasSizeGreaterThanOrEqualTo(2);
	}

	@Test
	void jsonSummaryIsMachineReadableAndEachWorkerHasAConnectionOfItsOwn() {
		double openedBefore = connectionsOpened();
		Result result = ClientProcess.run("bench", "--port", ClientModesIT.port(server), "--framing", "line",
				"--connections", "3", "--duration", "2s", "--warmup", "500ms", "--json");
		assertThat(result.exitCode()).as(result.stderr()).isZero();
		String json = result.stdout();
		assertThat(json.lines()).hasSize(1);
		assertThat((Integer) JsonPath.read(json, "$.connections")).isEqualTo(3);
		assertThat((Integer) JsonPath.read(json, "$.size")).isEqualTo(32);
		assertThat((Double) JsonPath.read(json, "$.durationSeconds")).isBetween(1.9, 3.0);
		long requests = ((Number) JsonPath.read(json, "$.requests")).longValue();
		assertThat(requests).isPositive();
		assertThat(((Number) JsonPath.read(json, "$.rps")).doubleValue()).isPositive();
		assertThat((Integer) JsonPath.read(json, "$.errors")).isZero();
		assertThat((Integer) JsonPath.read(json, "$.mismatches")).isZero();
		long p50 = ((Number) JsonPath.read(json, "$.latencyMicros.p50")).longValue();
		long p99 = ((Number) JsonPath.read(json, "$.latencyMicros.p99")).longValue();
		long max = ((Number) JsonPath.read(json, "$.latencyMicros.max")).longValue();
		assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
		assertThat(p99).isLessThanOrEqualTo(max);
		// three workers, three connections, held for the whole run (not one per request, not one shared)
		assertThat(connectionsOpened() - openedBefore).isEqualTo(3.0);
	}

	@Test
	void pipelinedBenchKeepsSeveralRequestsInFlightOnEachOfItsConnections() {
		double openedBefore = connectionsOpened();
		Result result = ClientProcess.run("bench", "--port", ClientModesIT.port(server), "--framing", "line",
				"--connections", "3", "--pipeline", "16", "--duration", "2s", "--warmup", "500ms", "--json");
		assertThat(result.exitCode()).as(result.stderr()).isZero();
		String json = result.stdout();
		assertThat((Integer) JsonPath.read(json, "$.pipeline")).isEqualTo(16);
		assertThat(((Number) JsonPath.read(json, "$.requests")).longValue()).isPositive();
		assertThat((Integer) JsonPath.read(json, "$.errors")).isZero();
		assertThat((Integer) JsonPath.read(json, "$.mismatches")).isZero();
		assertThat(connectionsOpened() - openedBefore).isEqualTo(3.0);
	}

	@Test
	void aServerThatHangsUpCountsOneErrorPerConnectionAndFailsTheBench() throws IOException {
		try (SilentServer hangsUp = new SilentServer(true)) {
			for (String pipeline : new String[] { "1", "4" }) {
				Result result = ClientProcess.run("bench", "--port", hangsUp.portText(), "--framing", "line",
						"--connections", "2", "--pipeline", pipeline, "--duration", "1s", "--warmup", "200ms", "--json");
				assertThat(result.exitCode()).as(result.stderr()).isEqualTo(7);
				assertThat((Integer) JsonPath.read(result.stdout(), "$.errors")).as(result.stdout()).isEqualTo(2);
				assertThat(result.stderrLines()).contains(
						"upcase: 127.0.0.1:" + hangsUp.port() + " closed the connection before replying");
			}
		}
	}

	@Test
	void aServerThatIsNotThereFailsTheBenchWithTheConnectionError() throws IOException {
		int port = ClientErrorsIT.portWithNothingListening();
		Result result = ClientProcess.run("bench", "--port", String.valueOf(port), "--duration", "1s");
		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(result.stdout()).isEmpty();
		assertThat(result.stderrLines())
			.containsExactly("upcase: cannot connect to 127.0.0.1:" + port + ": connection refused");
	}

	private static double connectionsOpened() {
		var response = server.get("/actuator/metrics/upcase.connections.opened");
		assertThat(response.statusCode()).isEqualTo(200);
		return ((Number) JsonPath.read(response.body(), "$.measurements[0].value")).doubleValue();
	}

}
