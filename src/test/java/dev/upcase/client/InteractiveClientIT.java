package dev.upcase.client;

import java.util.List;

import dev.upcase.PackagedJar;
import dev.upcase.UpcaseServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interactive mode in a real pseudo-terminal, typed at as a person would: the seed's {@code >>: } loop, line
 * editing, history, Ctrl-D and Ctrl-C. Skipped, saying so, where the machine has no tmux.
 */
class InteractiveClientIT {

	private static UpcaseServer server;

	@BeforeAll
	static void start() {
		Assumptions.assumeTrue(TmuxTerminal.available(),
				"tmux is not installed: there is no pseudo-terminal to run the interactive client in");
		server = UpcaseServer.start();
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void thePromptAnswersEditsRemembersAndCtrlDLeaves() throws Exception {
		try (TmuxTerminal terminal = new TmuxTerminal(client())) {
			terminal.awaitScreen(screen -> screen.equals(List.of(">>:")));
			terminal.type("bith");
			terminal.press("Enter");
			// each step waits for the next prompt, so that a key never reaches the client before it reads again
			terminal.awaitScreen(screen -> screen.contains("BITH") && promptLast(screen));
			terminal.press("Enter"); // an empty line: skipped, no request
			terminal.type("straße ñandú");
			terminal.press("Enter");
			terminal.awaitScreen(screen -> screen.contains("STRASSE ÑANDÚ") && promptLast(screen));
			terminal.press("Up", "Enter"); // history: the last line again
			terminal.awaitScreen(screen -> screen.stream().filter("STRASSE ÑANDÚ"::equals).count() == 2
					&& promptLast(screen));
			terminal.type("bitx");
			terminal.press("BSpace");
			terminal.type("h");
			terminal.press("Enter");
			List<String> screen = terminal.awaitScreen(lines -> lines.stream().filter("BITH"::equals).count() == 2
					&& promptLast(lines));
			assertThat(screen).containsExactly(">>: bith", "BITH", ">>:", ">>: straße ñandú", "STRASSE ÑANDÚ",
					">>: straße ñandú", "STRASSE ÑANDÚ", ">>: bith", "BITH", ">>:");
			terminal.press("C-d");
			assertThat(terminal.awaitExit()).isZero();
		}
	}

	@Test
	void ctrlCLeavesWith130() throws Exception {
		try (TmuxTerminal terminal = new TmuxTerminal(client())) {
			terminal.awaitScreen(screen -> screen.equals(List.of(">>:")));
			terminal.type("half a line");
			terminal.press("C-c");
			assertThat(terminal.awaitExit()).isEqualTo(130);
		}
	}

	private static List<String> client() {
		return PackagedJar.command("client", "--port", String.valueOf(server.tcpPort()));
	}

	private static boolean promptLast(List<String> screen) {
		return !screen.isEmpty() && screen.get(screen.size() - 1).equals(">>:");
	}

}
