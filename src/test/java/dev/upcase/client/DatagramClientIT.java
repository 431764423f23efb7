package dev.upcase.client;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.upcase.PackagedJar;
import dev.upcase.UpcaseServer;
import dev.upcase.client.ClientProcess.Result;
import dev.upcase.server.udp.DatagramEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code upcase client --udp}, in its own process, against the real server's UDP endpoint: one-shot, pipe mode,
 * and each failure with its exit code and line.
 */
class DatagramClientIT {

	private static UpcaseServer server;

	private static String port;

	@BeforeAll
	static void start() {
		server = UpcaseServer.start("--upcase.udp.enabled=true", "--upcase.udp.port=0");
		port = String.valueOf(server.context().getBean(DatagramEndpoint.class).port());
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void oneShot() {
		Result message = ClientProcess.run("--udp", "--port", port, "--message", "bith");
		assertThat(message.stderr()).isEmpty();
		assertThat(message.exitCode()).isZero();
		assertThat(message.stdout()).isEqualTo("BITH\n");

		Result words = ClientProcess.run("--udp", "--port", port, "straße", "ñandú");
		assertThat(words.exitCode()).as(words.stderr()).isZero();
		assertThat(words.stdout()).isEqualTo("STRASSE ÑANDÚ\n");
	}

	@Test
	void pipeModeSendsADatagramPerLine() {
		Result result = ClientProcess.run(ClientModesIT.bytes("bith\n\nhello world\nlast"), "--udp", "--port", port);
		assertThat(result.stderr()).isEmpty();
		assertThat(result.exitCode()).isZero();
		assertThat(result.stdout()).isEqualTo("BITH\n\nHELLO WORLD\nLAST\n");
	}

	@Test
	void thePromptSendsADatagramPerLine() throws Exception {
		Assumptions.assumeTrue(TmuxTerminal.available(),
				"tmux is not installed: there is no pseudo-terminal to run the interactive client in");
		try (TmuxTerminal terminal = new TmuxTerminal(PackagedJar.command("client", "--udp", "--port", port))) {
			terminal.awaitScreen(screen -> screen.equals(List.of(">>:")));
			terminal.type("bith");
			terminal.press("Enter");
			terminal.awaitScreen(screen -> screen.contains("BITH") && ">>:".equals(screen.get(screen.size() - 1)));
			terminal.type("straße");
			terminal.press("Enter");
			List<String> screen = terminal.awaitScreen(
					lines -> lines.contains("STRASSE") && ">>:".equals(lines.get(lines.size() - 1)));
			assertThat(screen).containsExactly(">>: bith", "BITH", ">>: straße", "STRASSE", ">>:");
			terminal.press("C-d");
			assertThat(terminal.awaitExit()).isZero();
		}
	}

	@Test
	void nothingListeningIsConnectionRefusedAtOnce() throws Exception {
		int free;
		try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			free = probe.getLocalPort();
		}
		Result result = ClientProcess.run("--udp", "--port", String.valueOf(free), "--timeout", "60s", "hello");
		assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCode.CONNECTION_REFUSED.status());
		assertThat(result.stderr()).isEqualTo("upcase: cannot connect to 127.0.0.1:" + free + ": nothing listens on UDP port "
				+ free + " (port unreachable)\n");
		assertThat(result.took()).as("not the whole --timeout").isLessThan(Duration.ofSeconds(50));
	}

	@Test
	void noReplyWithinTheTimeoutIsExitCodeFive() throws Exception {
		// a socket that takes datagrams and never answers: a server that lost the reply, as UDP may
		try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			Result result = ClientProcess.run("--udp", "--port", String.valueOf(silent.getLocalPort()), "--timeout",
					"500ms", "hello");
			assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCode.TIMEOUT.status());
			assertThat(result.stderr())
				.isEqualTo("upcase: no reply from 127.0.0.1:" + silent.getLocalPort() + " within 500ms\n");
			DatagramPacket received = new DatagramPacket(new byte[100], 100);
			silent.setSoTimeout(1000);
			silent.receive(received);
			assertThat(new String(received.getData(), 0, received.getLength(), StandardCharsets.UTF_8))
				.isEqualTo("hello");
		}
	}

	@Test
	void aFramingDoesNotApplyToDatagrams() {
		StringWriter err = new StringWriter();
		CommandLine commandLine = ClientCli.commandLine();
		commandLine.setErr(new PrintWriter(err));
		assertThat(commandLine.execute("--udp", "--framing", "line", "hi")).isEqualTo(ExitCode.USAGE.status());
		assertThat(err.toString()).contains("--framing does not apply to --udp: a datagram is one message");
	}

}
