package dev.upcase.server.management;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.jayway.jsonpath.JsonPath;
import dev.upcase.UpcaseServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed logins over real HTTP: each is logged (rate-limited, with the source address, never the password) and
 * counted, and after a few in a row their source is refused unchecked (429) for a while — but only that source: the
 * right password from another address (127.0.0.2 and up, other loopback addresses) still gets in at once, also
 * while several guessers run at the same time.
 */
@ExtendWith(OutputCaptureExtension.class)
class LoginBackoffIT {

	private static final String RIGHT = "operator:s3cret";

	private static final String WRONG_PASSWORD = "guess-Zx81";

	private static UpcaseServer server;

	@BeforeAll
	static void start() {
		server = UpcaseServer.start("--spring.security.user.password=s3cret");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	private static URI uri(String path) {
		return URI.create("http://127.0.0.1:" + server.httpPort() + path);
	}

	@Test
	void failedLoginsAreLoggedCountedAndSlowDownTheirSourceOnly(CapturedOutput output) throws Exception {
		double failedBefore = scraped("reason=\"credentials\"");
		double refusedBefore = scraped("reason=\"backoff\"");
		int free = 6; // five in a row are free, the sixth starts the backoff
		for (int i = 0; i < free; i++) {
			assertThat(ManagementHttp.get(uri("/actuator/listeners"), "operator:" + WRONG_PASSWORD).statusCode())
				.as("wrong password " + (i + 1)).isEqualTo(401);
		}
		HttpResponse<String> refused = ManagementHttp.get(uri("/actuator/listeners"), RIGHT);
		assertThat(refused.statusCode()).as("the right password, from the guessing source, during its backoff")
			.isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
				seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
		assertThat((String) JsonPath.read(refused.body(), "$.error")).contains("too many failed logins");
		assertThat(ManagementHttp.getFrom(InetAddress.getByName("127.0.0.2"), server.httpPort(), "/actuator/listeners",
				RIGHT)).as("the right password from another address, at the same time").isEqualTo(200);
		assertThat(ManagementHttp.get(uri("/actuator/health/readiness"), null).statusCode())
			.as("calls without credentials (probes) from the guessing source").isEqualTo(200);

		assertThat(scraped("reason=\"credentials\"")).isEqualTo(failedBefore + free);
		assertThat(scraped("reason=\"backoff\"")).isEqualTo(refusedBefore + 1);
		List<String> logged = output.getOut().lines().filter(l -> l.contains("Failed login")).toList();
		assertThat(logged).as("rate-limited: one a second at most").isNotEmpty().hasSizeLessThan(free);
		assertThat(logged.get(0)).contains("WARN", "from 127.0.0.1", "as 'operator'");
		assertThat(output.getOut()).as("the password tried is never logged").doesNotContain(WRONG_PASSWORD);

		// the backoff ends (one second after the sixth failure), and a right password resets the source
		Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
			.until(() -> ManagementHttp.get(uri("/actuator/listeners"), RIGHT).statusCode() == 200);
		assertThat(ManagementHttp.get(uri("/actuator/listeners"), "operator:" + WRONG_PASSWORD).statusCode())
			.as("after a good login, a wrong password is again just a 401").isEqualTo(401);
		assertThat(ManagementHttp.get(uri("/actuator/listeners"), RIGHT).statusCode()).isEqualTo(200);
	}

	@Test
	void concurrentGuessersFromManyAddressesDoNotKeepTheOperatorOut() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(8);
		AtomicBoolean guessing = new AtomicBoolean(true);
		try {
			List<Future<List<Integer>>> guessers = new ArrayList<>();
			for (int t = 0; t < 6; t++) {
				InetAddress from = InetAddress.getByName("127.0.0." + (10 + t));
				guessers.add(threads.submit(() -> {
					List<Integer> statuses = new ArrayList<>();
					for (int i = 0; i < 200 && guessing.get(); i++) {
						statuses.add(ManagementHttp.getFrom(from, server.httpPort(), "/actuator/listeners",
								"operator:" + WRONG_PASSWORD + i));
					}
					return statuses;
				}));
			}
			InetAddress operator = InetAddress.getByName("127.0.0.3");
			for (int i = 0; i < 20; i++) {
				assertThat(ManagementHttp.getFrom(operator, server.httpPort(), "/actuator/listeners", RIGHT))
					.as("the operator's call " + i + " while guessers run").isEqualTo(200);
				Thread.sleep(50);
			}
			guessing.set(false);
			for (Future<List<Integer>> guesser : guessers) {
				List<Integer> statuses = guesser.get(120, TimeUnit.SECONDS);
				assertThat(statuses).as("a guesser's answers").isNotEmpty().containsOnly(401, 429);
				assertThat(statuses).as("refused unchecked once it guessed too often").contains(429);
				// checked: six failures, then one at the end of each backoff (1, 2, 4 ... 60 s): 13 in two minutes
				assertThat(statuses.stream().filter(status -> status == 401).count()).isLessThanOrEqualTo(13);
			}
		}
		finally {
			guessing.set(false);
			threads.shutdownNow();
		}
	}

	private static double scraped(String reason) {
		return server.get("/actuator/prometheus")
			.body()
			.lines()
			.filter(line -> line.startsWith("upcase_management_login_failures_total{") && line.contains(reason))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

}
