package dev.upcase;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import dev.upcase.TestCertificates.PemFiles;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client can make the server write: detail that carries its bytes is cut to a short printable length (in
 * the log line and the closed-connections ring alike), and a client churning connections gets 100 connection lines a
 * second (after a burst of 1,000), the rest summed up in one line every 10 s — while the metrics count every one.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogBoundsIT {

	private static final Pattern SUMMARY = Pattern
		.compile("Not logged in the last 10s: (\\d+) connections opened, (\\d+) closed");

	@TempDir
	Path dir;

	@Test
	void aBurstOfGarbageToTheTlsPortGivesOneBoundedPrintableLine(CapturedOutput output) throws IOException {
		PemFiles pem = TestCertificates.create(this.dir);
		List<String> arguments = new ArrayList<>(pem.serverBundleArguments("upcase"));
		arguments.addAll(List.of("--upcase.tcp.ssl.bundle=upcase"));
		try (UpcaseServer server = UpcaseServer.start(arguments.toArray(String[]::new));
				TcpTestClient garbage = server.connect()) {
			String peer = "127.0.0.1:" + garbage.localPort();
			garbage.write(("hello\u001b[2J\nINFO forged line\n" + "plain text on the TLS port ".repeat(200))
				.getBytes(StandardCharsets.UTF_8));
			assertThat(garbage.closedByServer()).isTrue();
			Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> closeLine(output, peer) != null);
			String line = closeLine(output, peer);
			assertThat(line).contains("closed (tls: ").doesNotContain("\u001b");
			assertThat(line.length()).as(line).isLessThan(400);
			List<Map<String, Object>> ring = JsonPath.read(server.get("/actuator/connections?state=closed&peer=" + peer,
					"operator:test").body(), "$.connections");
			assertThat(ring).hasSize(1);
			String detail = (String) ring.get(0).get("detail");
			assertThat(detail.length()).as(detail).isLessThanOrEqualTo(160);
			assertThat(output.getOut().lines().filter(l -> l.contains("forged line"))).isEmpty();
		}
	}

	@Test
	void aChurningClientWritesABoundedNumberOfLinesAndTheMetricsCountEveryConnection(CapturedOutput output)
			throws Exception {
		int threads = 4;
		int each = 1500;
		try (UpcaseServer server = UpcaseServer.start()) {
			long start = System.nanoTime();
			ExecutorService pool = Executors.newFixedThreadPool(threads);
			List<Future<?>> churners = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				churners.add(pool.submit(() -> {
					for (int i = 0; i < each; i++) {
						try (Socket socket = new Socket("127.0.0.1", server.tcpPort())) {
							OutputStream out = socket.getOutputStream();
							out.write('x');
							socket.shutdownOutput();
							socket.getInputStream().readAllBytes(); // the reply, then the server's close
						}
						catch (IOException ex) {
							throw new UncheckedIOException(ex);
						}
					}
					return null;
				}));
			}
			for (Future<?> churner : churners) {
				churner.get();
			}
			pool.shutdown();
			int connections = threads * each;
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> metric(server, "upcase.connections.closed") == connections);
			double seconds = (System.nanoTime() - start) / 1e9;
			assertThat(metric(server, "upcase.connections.opened")).isEqualTo(connections);
			// every connection is either on a line of its own or in a summary: exactly
			Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				long[] summed = summed(output);
				assertThat(openedLines(output) + summed[0]).isEqualTo(connections);
				assertThat(closedLines(output) + summed[1]).isEqualTo(connections);
			});
			long lines = openedLines(output) + closedLines(output);
			assertThat(summed(output)[0]).as("some lines were held back").isPositive();
			// a burst of 1,000, then 100 a second
			assertThat(lines).as("connection lines in %.1f s", seconds).isLessThanOrEqualTo(1000 + 100 * (long) Math.ceil(seconds));
		}
	}

	private static String closeLine(CapturedOutput output, String peer) {
		return output.getOut().lines().filter(l -> l.contains("Connection from " + peer + " closed")).findFirst().orElse(null);
	}

	private static long openedLines(CapturedOutput output) {
		return output.getOut().lines().filter(l -> l.contains("Connection from 127.0.0.1:") && l.contains(" opened (id ")).count();
	}

	private static long closedLines(CapturedOutput output) {
		return output.getOut().lines().filter(l -> l.contains("Connection from 127.0.0.1:") && l.contains(" closed (")).count();
	}

	private static long[] summed(CapturedOutput output) {
		long[] summed = new long[2];
		Matcher matcher = SUMMARY.matcher(output.getOut());
		while (matcher.find()) {
			summed[0] += Long.parseLong(matcher.group(1));
			summed[1] += Long.parseLong(matcher.group(2));
		}
		return summed;
	}

	private static double metric(UpcaseServer server, String name, String... tags) {
		return FaultToleranceIT.metric(server, name, tags);
	}

}
