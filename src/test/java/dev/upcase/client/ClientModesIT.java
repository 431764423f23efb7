package dev.upcase.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import dev.upcase.UpcaseServer;
import dev.upcase.client.ClientProcess.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real CLI, in its own process, against the real server: pipe mode, one-shot, the wrapper script, and the
 * answers that need no server.
 */
class ClientModesIT {

	private static UpcaseServer lineServer;

	private static UpcaseServer rawServer;

	@BeforeAll
	static void startServers() {
		lineServer = UpcaseServer.start("--upcase.tcp.framing=line");
		rawServer = UpcaseServer.start();
	}

	@AfterAll
	static void stopServers() {
		lineServer.close();
		rawServer.close();
	}

	@Test
	void pipeModeAnswersTenThousandLinesInOrderWithNothingElseOnStdout() {
		List<String> lines = IntStream.range(0, 10_000).mapToObj(i -> "line " + i + " of straße ñandú").toList();
		Result result = ClientProcess.run(bytes(String.join("\n", lines) + "\n"), "--port", port(lineServer),
				"--framing", "line");
		assertThat(result.exitCode()).as(result.stderr()).isZero();
		assertThat(result.stderr()).isEmpty();
		assertThat(result.stdoutLines())
			.containsExactlyElementsOf(lines.stream().map(line -> line.toUpperCase(Locale.ROOT)).toList());
		assertThat(result.stdout()).endsWith("\n");
		System.out.println("pipe mode, 10,000 lines in line framing, JVM start included: " + result.took().toMillis() + " ms");
		assertThat(result.took()).isLessThan(Duration.ofSeconds(60));
	}

	@Test
	void pipeModeKeepsEmptyLinesAndCarriageReturnsInPlace() {
		Result result = ClientProcess.run(bytes("one\n\ntwo\r\nlast without newline"), "--port", port(lineServer),
				"--framing", "line");
		assertThat(result.exitCode()).as(result.stderr()).isZero();
		assertThat(result.stdout()).isEqualTo("ONE\n\nTWO\r\nLAST WITHOUT NEWLINE\n");
	}

	@Test
	void pipeModeInRawFramingSendsEachLineAndPrintsTheReplyToIt() {
		Result result = ClientProcess.run(bytes("bith\n\nstraße\nhello world\n"), "--port", port(rawServer));
		assertThat(result.exitCode()).as(result.stderr()).isZero();
		assertThat(result.stderr()).isEmpty();
		assertThat(result.stdout()).isEqualTo("BITH\n\nSTRASSE\nHELLO WORLD\n");
	}

	@Test
	void oneShotPrintsTheReplyAndExits() {
		Result message = ClientProcess.run("--port", port(rawServer), "--message", "straße bith");
		assertThat(message.exitCode()).as(message.stderr()).isZero();
		assertThat(message.stdout()).isEqualTo("STRASSE BITH\n");
		assertThat(message.stderr()).isEmpty();

		Result words = ClientProcess.run("--port", port(lineServer), "--framing", "line", "hello", "world");
		assertThat(words.exitCode()).as(words.stderr()).isZero();
		assertThat(words.stdout()).isEqualTo("HELLO WORLD\n");
	}

	@Test
	void theWordBenchIsAMessageAfterMessage() {
		for (List<String> args : List.of(List.of("--message", "bench"), List.of("--message=bench"))) {
			List<String> command = new ArrayList<>(List.of("--port", port(rawServer)));
			command.addAll(args);
			Result result = ClientProcess.run(command.toArray(String[]::new));
			assertThat(result.exitCode()).as(args + ": " + result.stderr()).isZero();
			assertThat(result.stdout()).isEqualTo("BENCH\n");
		}
	}

	/**
	 * The script's first run extracts the jar and archives the classes the client loads (class-data sharing); later
	 * runs use the archive. Either way the output is the reply and nothing else: the JVM says nothing on stdout.
	 */
	@Test
	void theWrapperScriptRunsTheClientFirstToArchiveItsClassesThenFromTheArchive(@TempDir Path cache) {
		Map<String, String> environment = Map.of("UPCASE_CACHE", cache.toString());
		for (int run = 1; run <= 2; run++) {
			Result result = ClientProcess.runCommand(List.of("bin/upcase", "client", "--port", port(rawServer), "bith"),
					new byte[0], environment);
			assertThat(result.exitCode()).as("run %d: %s", run, result.stderr()).isZero();
			assertThat(result.stdout()).as("run %d", run).isEqualTo("BITH\n");
			assertThat(result.stderr()).as("run %d", run).isEmpty();
			try (var files = Files.walk(cache)) {
				assertThat(files.map(Path::getFileName).map(Path::toString)).as("run %d", run).contains("client.jsa");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	/**
	 * The build makes that archive itself, next to the jar (target/client-cds, src/build/client-class-data.sh): the
	 * first call after a build maps it at once, and writes nothing into the user's cache.
	 */
	@Test
	void theFirstCallAfterABuildUsesTheArchiveTheBuildMade(@TempDir Path home) throws IOException {
		try (var caches = Files.list(Path.of("target", "client-cds"))) {
			assertThat(caches.filter(dir -> Files.isRegularFile(dir.resolve("client.jsa"))))
				.as("the archive the package phase made").hasSize(1);
		}
		Path classes = home.resolve("classes.log");
		Result result = ClientProcess.runCommand(List.of("bin/upcase", "client", "--port", port(rawServer), "bith"),
				new byte[0], Map.of("HOME", home.toString(), "XDG_CACHE_HOME", home.resolve("cache").toString(),
						"JAVA_OPTS", "-Xlog:class+load=info:file=" + classes));
		assertThat(result.exitCode()).as(result.stderr()).isZero();
		assertThat(result.stdout()).isEqualTo("BITH\n");
		assertThat(home.resolve("cache")).as("nothing written to ~/.cache").doesNotExist();
		assertThat(Files.readString(classes)).as("the client's classes come from the archive")
			.contains("dev.upcase.client.ClientCli source: shared objects file (top)")
			.contains("dev.upcase.client.ReplyDeserializer source: shared objects file (top)");
	}

	@Test
	void helpAndVersionAnswerWithoutAServer() {
		Result help = ClientProcess.run("--help");
		assertThat(help.exitCode()).isZero();
		assertThat(help.stdout()).startsWith("Usage: upcase client")
			.contains("--framing=FRAMING", "raw, line, crlf, length, stx-etx", "Exit codes:", "bench");
		assertThat(help.stderr()).isEmpty();

		Result version = ClientProcess.run("--version");
		assertThat(version.exitCode()).isZero();
		assertThat(version.stdout()).startsWith("upcase 0.");
	}

	@Test
	void aBadOptionIsAUsageErrorOnStderr() {
		Result result = ClientProcess.run("--framing", "morse", "hello");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.stdout()).isEmpty();
		assertThat(result.stderr()).contains("'morse' is not a framing; choose one of raw, line, crlf, length, stx-etx");
	}

	static String port(UpcaseServer server) {
		return String.valueOf(server.tcpPort());
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
