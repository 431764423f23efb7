package dev.upcase.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import dev.upcase.UpcaseServer;
import dev.upcase.client.ClientProcess.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
	void theWrapperScriptRunsTheClient() {
		Result result = ClientProcess.runCommand(List.of("bin/upcase", "client", "--port", port(rawServer), "bith"),
				new byte[0]);
		assertThat(result.exitCode()).as(result.stderr()).isZero();
		assertThat(result.stdout()).isEqualTo("BITH\n");
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
