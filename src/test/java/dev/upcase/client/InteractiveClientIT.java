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
			// every step waits for the next prompt: between two prompts the terminal is not in the line reader's
			// raw mode, and keys typed then would be echoed by the terminal itself, not edited by the client
			awaitPrompt(terminal, 1);
			terminal.type("bith");
			terminal.press("Enter");
			awaitPrompt(terminal, 2);
			terminal.press("Enter"); // an empty line: skipped, no request
			awaitPrompt(terminal, 3);
			terminal.type("straße ñandú");
			terminal.press("Enter");
			awaitPrompt(terminal, 4);
			terminal.press("Up", "Enter"); // history: the last line again
			awaitPrompt(terminal, 5);
			terminal.type("bitx");
			terminal.press("BSpace");
			terminal.type("h");
			terminal.press("Enter");
			List<String> screen = awaitPrompt(terminal, 6);
			assertThat(screen).containsExactly(">>: bith", "BITH", ">>:", ">>: straße ñandú", "STRASSE ÑANDÚ",
					">>: straße ñandú", "STRASSE ÑANDÚ", ">>: bith", "BITH", ">>:");
			terminal.press("C-d");
			assertThat(terminal.awaitExit()).isZero();
		}
	}

	@Test
	void ctrlCLeavesWith130() throws Exception {
		try (TmuxTerminal terminal = new TmuxTerminal(client())) {
			awaitPrompt(terminal, 1);
			terminal.type("half a line");
			terminal.press("C-c");
			assertThat(terminal.awaitExit()).isEqualTo(130);
		}
	}

	private static List<String> client() {
		return PackagedJar.command("client", "--port", String.valueOf(server.tcpPort()));
	}

	/** @return the screen once it shows {@code count} prompts, the last one empty and waiting */
	private static List<String> awaitPrompt(TmuxTerminal terminal, int count) throws InterruptedException {
		return terminal.awaitScreen(screen -> !screen.isEmpty() && screen.get(screen.size() - 1).equals(">>:")
				&& screen.stream().filter(line -> line.startsWith(">>:")).count() == count);
	}

}
