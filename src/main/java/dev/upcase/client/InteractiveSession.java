package dev.upcase.client;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Interactive mode, the seed's loop: a {@code >>: } prompt, blank lines skipped, each reply printed. JLine gives
 * line editing and a history of this session (arrow keys, Ctrl-R). Ctrl-D on an empty line leaves with 0, Ctrl-C
 * with 130 (128 + SIGINT, as shells report it).
 * <p>
 * A failed request is reported and the prompt comes back; the next request opens a new connection.
 */
final class InteractiveSession {

	static final String PROMPT = ">>: ";

	private final Exchange client;

	private final ClientSettings settings;

	private final PrintStream stderr;

	InteractiveSession(Exchange client, ClientSettings settings, PrintStream stderr) {
		this.client = client;
		this.settings = settings;
		this.stderr = stderr;
	}

	/**
	 * @return whether a person is at the keyboard: stdin and stdout are both a terminal (with stdout redirected,
	 * the client runs in pipe mode, so that a file gets replies and no prompts)
	 */
	static boolean terminalAttached() {
		Console console = System.console();
		if (console == null) {
			return false; // up to Java 21 there is a Console exactly when stdin and stdout are a terminal
		}
		try {
			// from Java 22 on there is always a Console; Console.isTerminal() says whether it is one
			return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
		}
		catch (ReflectiveOperationException ex) {
			return true;
		}
	}

	ExitCode run() throws IOException {
		try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
			LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("upcase").build();
			PrintWriter out = terminal.writer();
			while (true) {
				String line;
				try {
					line = reader.readLine(PROMPT);
				}
				catch (UserInterruptException ex) {
					return ExitCode.INTERRUPTED;
				}
				catch (EndOfFileException ex) {
					return ExitCode.OK;
				}
				if (line.isBlank()) {
					continue;
				}
				try {
					out.println(new String(this.client.exchange(line.getBytes(this.settings.charset())),
							this.settings.charset()));
				}
				catch (RuntimeException ex) {
					ClientFailure.report(ex, this.settings, this.stderr);
				}
				out.flush();
			}
		}
	}

}
