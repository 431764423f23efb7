package dev.upcase;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as an operator runs it, in its own process: JSON logs switched on by one setting, a client
 * served, and a quiet stop on SIGTERM.
 */
class PackagedJarIT {

	@Test
	void runsWithJsonLogsServesAClientAndStopsQuietlyOnSigterm() throws Exception {
		Process process = new ProcessBuilder(PackagedJar.command("--upcase.tcp.port=0", "--server.port=0",
				"--logging.structured.format.console=ecs"))
			.redirectErrorStream(true)
			.start();
		BlockingQueue<String> lines = new LinkedBlockingQueue<>();
		Thread pump = new Thread(() -> pump(process, lines), "jar-output");
		pump.setDaemon(true);
		pump.start();
		try {
			int port = Integer.parseInt(awaitLine(lines, Pattern.compile("Listening for TCP clients on 127\\.0\\.0\\.1:(\\d+)")));
			try (TcpTestClient client = new TcpTestClient(port)) {
				client.write("bith");
				assertThat(client.readSome(1024)).containsExactly('B', 'I', 'T', 'H');
			}
			String closed = awaitJsonLine(lines, "\"connectionEvent\":\"closed\"");
			assertThat((String) JsonPath.read(closed, "$.closeReason")).isEqualTo("client");
			assertThat((String) JsonPath.read(closed, "$.peer")).startsWith("127.0.0.1:");
			assertThat((Integer) JsonPath.read(closed, "$.messages")).isEqualTo(1);
		}
		finally {
			process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
		}
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s of SIGTERM").isTrue();
		assertThat(process.exitValue()).isIn(0, 143);
		pump.join(5_000);
		List<String> rest = List.copyOf(lines);
		assertThat(rest).allSatisfy(line -> assertThat(line).doesNotContain("\"level\":\"ERROR\"").doesNotContain("\tat "));
	}

	private static void pump(Process process, BlockingQueue<String> lines) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				lines.add(line);
			}
		}
		catch (IOException ex) {
			// the process ended
		}
	}

	private static String awaitLine(BlockingQueue<String> lines, Pattern pattern) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			String line = lines.poll(1, TimeUnit.SECONDS);
			if (line != null) {
				assertThat(line).as("every log line is JSON").startsWith("{");
				Matcher matcher = pattern.matcher(line);
				if (matcher.find()) {
					return matcher.group(1);
				}
			}
		}
		throw new AssertionError("no log line matched " + pattern + " within 60 s");
	}

	private static String awaitJsonLine(BlockingQueue<String> lines, String fragment) throws InterruptedException {
		return awaitLine(lines, Pattern.compile("^(.*" + Pattern.quote(fragment) + ".*)$"));
	}


}
