package dev.upcase.client;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import dev.upcase.UpcaseServer;
import dev.upcase.client.ClientProcess.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code client bench --reconnect} against the real server while an operator keeps closing every connection
 * ({@code DELETE /actuator/connections?all=true}, requests in flight or not): each worker reconnects, sends again
 * what had no reply, and the run ends with every request answered, every reply right. Without the option the same
 * closes fail the bench (BenchIT: a server that hangs up).
 */
class BenchReconnectIT {

	@ParameterizedTest(name = "--pipeline {0}")
	@ValueSource(ints = { 1, 8 })
	void everyRequestIsAnsweredRightAcrossServerCloses(int pipeline) throws Exception {
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.framing=line",
				"--spring.security.user.password=s3cret")) {
			CompletableFuture<Result> bench = CompletableFuture.supplyAsync(() -> ClientProcess.run("bench", "--port",
					ClientModesIT.port(server), "--framing", "line", "--connections", "3", "--pipeline",
					String.valueOf(pipeline), "--duration", "3s", "--warmup", "500ms", "--reconnect", "--json"));
			int closed = 0;
			while (!bench.isDone()) {
				TimeUnit.MILLISECONDS.sleep(250);
				HttpResponse<String> response = server.send("DELETE", "/actuator/connections?all=true",
						"operator:s3cret", null);
				assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
				closed += JsonPath.<Integer>read(response.body(), "$.closed");
			}
			Result result = bench.get();
			assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
			String json = result.stdout();
			assertThat(closed).as("connections the server closed under the bench").isPositive();
			assertThat((Integer) JsonPath.read(json, "$.errors")).isZero();
			assertThat((Integer) JsonPath.read(json, "$.mismatches")).isZero();
			assertThat((Integer) JsonPath.read(json, "$.reconnect.unanswered")).isZero();
			long reconnects = ((Number) JsonPath.read(json, "$.reconnect.reconnects")).longValue();
			assertThat(reconnects).as(json).isPositive();
			assertThat(((Number) JsonPath.read(json, "$.reconnect.opened")).longValue()).isEqualTo(3 + reconnects);
			assertThat(((Number) JsonPath.read(json, "$.reconnect.answered")).longValue())
				.isGreaterThanOrEqualTo(((Number) JsonPath.read(json, "$.requests")).longValue());
			if (pipeline > 1) { // with several requests always in flight, a close cuts some of them off
				assertThat(((Number) JsonPath.read(json, "$.reconnect.resent")).longValue()).as(json).isPositive();
			}
			assertThat(result.stderrLines()).anyMatch(line -> line.contains("reconnects "));
		}
	}

}
