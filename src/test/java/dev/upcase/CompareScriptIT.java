package dev.upcase;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench/compare.sh} as docs/performance.md tells a reader to run it, from this repository alone (no shared
 * folder): every documented invocation, in {@code --quick} mode (a smoke run, not a measurement); the second has
 * line scenarios only, which once ended the script before its table. It builds the
 * load generator and both reference servers, runs each server on its scenarios, and prints the table: one row
 * per scenario asked for, no wrong reply from any server, and upcase's start-up figures. Also {@code bench/cpu.sh},
 * which shares its build.
 */
class CompareScriptIT {

	/** Where the script keeps its builds and logs: under target/, so that the invocations share the build. */
	private static final Path WORK = Path.of("target", "bench-work").toAbsolutePath();

	@BeforeAll
	static void toolsAreThere() {
		for (String tool : List.of("cc", "python3")) {
			Assumptions.assumeTrue(Tools.onPath(tool), () -> "compare.sh needs " + tool
					+ " (the C reference server, the table); install it, e.g. apt-get install gcc python3");
		}
	}

	@ParameterizedTest(name = "bench/compare.sh {0}")
	@ValueSource(strings = { "", "--runs 1 --scenarios a,b,e" })
	void aDocumentedInvocationRunsFromThisRepositoryAndPrintsTheTable(String options) throws Exception {
		List<String> command = new ArrayList<>(List.of("bench/compare.sh", "--quick", "--port", String.valueOf(freePort())));
		if (!options.isEmpty()) {
			command.addAll(List.of(options.split(" ")));
		}
		String output = run(command);
		List<String> scenarios = options.contains("--scenarios")
				? List.of(options.substring(options.indexOf("--scenarios ") + 12).split(","))
				: List.of("a", "b", "c", "d", "e", "f1", "f50");
		assertThat(output).contains("**upcase beside Netty (1 event-loop thread) and C epoll (1 thread)**");
		for (String scenario : scenarios) {
			String row = scenario.equals("e") ? "| e hold " : "| " + scenario + " ";
			assertThat(output).as("the row of scenario %s", scenario).contains(row);
		}
		assertThat(output.lines().filter(line -> line.startsWith("| ") && line.contains("conn")))
			.as("every reply right, from every server")
			.hasSize(scenarios.size())
			.allSatisfy(line -> assertThat(line).endsWith(" 0/0/0 |"));
		if (scenarios.stream().anyMatch(scenario -> !scenario.startsWith("f"))) {
			assertThat(output).containsPattern("\\| ms \\| [\\d,]+ \\| [\\d,]+ \\|");
		}
		assertThat(output).contains("command: bench/compare.sh --runs 1");
	}

	/**
	 * {@code bench/cpu.sh}, the A/B of server CPU per reply: two variants (the same jar, one with an option) and Netty
	 * over two rounds (the second in reverse order), shortened; a row per server with no wrong reply, and the ratios
	 * per round.
	 */
	@Test
	void theCpuScriptComparesTwoVariantsBesideNetty() throws Exception {
		String output = run(List.of("bench/cpu.sh", "--rounds", "2", "--seconds", "1", "--warmup", "0.5", "--scenarios",
				"b", "--port", String.valueOf(freePort()), "two=target/upcase.jar",
				"one=target/upcase.jar,--upcase.tcp.event-loop-threads=1"));
		// on a heavily loaded machine a one-second run may see no reply at all: then the figures are "–", never wrong
		String figure = "([\\d.,]+|–)";
		String ratio = "(\\*\\*[\\d.]+×\\*\\* \\[[\\d. /]+\\]|–)";
		String median = "([\\d.]+×|–)"; // rps and p99 to Netty's
		assertThat(output).containsPattern(
				"(?m)^\\| b \\| netty \\| " + figure + " \\| " + figure + " \\|  \\|  \\|  \\|  \\| 0 \\|$");
		assertThat(output).containsPattern("(?m)^\\| b \\| two \\| " + figure + " \\| " + figure + " \\| " + ratio
				+ " \\|  \\| " + median + " \\| " + median + " \\| 0 \\|$");
		assertThat(output).containsPattern("(?m)^\\| b \\| one \\| " + figure + " \\| " + figure + " \\| " + ratio
				+ " \\| " + ratio + " \\| " + median + " \\| " + median + " \\| 0 \\|$");
		assertThat(output).contains("command: bench/cpu.sh --rounds 2");
	}

	static String run(List<String> command) throws IOException, InterruptedException {
		File log = File.createTempFile("compare-", ".log");
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
			builder.environment().put("BENCH_WORK", WORK.toString());
			Process process = builder.start();
			if (!process.waitFor(10, TimeUnit.MINUTES)) {
				process.destroy();
				throw new AssertionError(command + " did not finish within 10 minutes");
			}
			String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
			assertThat(process.exitValue()).as(output).isZero();
			return output;
		}
		finally {
			log.delete();
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
