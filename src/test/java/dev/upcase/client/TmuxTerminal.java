package dev.upcase.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A program running in a real pseudo-terminal, driven the way a person would: tmux runs it in a detached session
 * of its own (its own tmux server socket), {@code send-keys} types, {@code capture-pane} reads the screen.
 */
final class TmuxTerminal implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private final String socket = "upcase-it-" + UUID.randomUUID();

	private final Path exitFile;

	/**
	 * @param command the program and its arguments, run by {@code sh} in the pane; its exit code is kept
	 */
	TmuxTerminal(List<String> command) throws IOException {
		this.exitFile = Files.createTempFile("tmux-exit-", ".txt");
		Files.delete(this.exitFile);
		String shellCommand = String.join(" ", command.stream().map(TmuxTerminal::quote).toList()) + "; echo $? > "
				+ quote(this.exitFile.toString());
		tmux("new-session", "-d", "-s", "main", "-x", "100", "-y", "40", "-c", Path.of("").toAbsolutePath().toString(),
				shellCommand);
	}

	static boolean available() {
		try {
			Process probe = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
			return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Types {@code text} as it is (no key names). */
	void type(String text) {
		tmux("send-keys", "-t", "main", "-l", text);
	}

	/** Presses keys by tmux's names: {@code Enter}, {@code Up}, {@code BSpace}, {@code C-d}, {@code C-c}. */
	void press(String... keys) {
		List<String> args = new ArrayList<>(List.of("send-keys", "-t", "main"));
		args.addAll(List.of(keys));
		tmux(args.toArray(String[]::new));
	}

	/** @return the screen's lines, trailing blanks and empty lines at the end dropped */
	List<String> screen() {
		List<String> lines = new ArrayList<>(tmux("capture-pane", "-p", "-t", "main").lines().map(String::stripTrailing).toList());
		while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
			lines.remove(lines.size() - 1);
		}
		return lines;
	}

	/** @return the screen once {@code condition} holds for it */
	List<String> awaitScreen(Predicate<List<String>> condition) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			List<String> screen = screen();
			if (condition.test(screen)) {
				return screen;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("the screen did not get there within " + WAIT + "; it shows:\n"
				+ String.join("\n", screen()));
	}

	/** @return the program's exit code, once it has ended */
	int awaitExit() throws InterruptedException, IOException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			if (Files.exists(this.exitFile)) {
				String code = Files.readString(this.exitFile, StandardCharsets.UTF_8).trim();
				if (!code.isEmpty()) {
					return Integer.parseInt(code);
				}
			}
			Thread.sleep(100);
		}
		throw new AssertionError("the program did not end within " + WAIT + "; the screen shows:\n"
				+ String.join("\n", screen()));
	}

	@Override
	public void close() throws IOException {
		// the session, and with it this tmux server, ends with the program; kill-server is for one that did not
		tmuxOutcome("kill-server");
		Files.deleteIfExists(this.exitFile);
	}

	private String tmux(String... args) {
		Outcome outcome = tmuxOutcome(args);
		if (outcome.exitCode() != 0) {
			throw new IllegalStateException("tmux " + String.join(" ", args) + " failed: " + outcome.output());
		}
		return outcome.output();
	}

	private record Outcome(int exitCode, String output) {
	}

	private Outcome tmuxOutcome(String... args) {
		List<String> command = new ArrayList<>(List.of("tmux", "-L", this.socket));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put("LC_ALL", "C.UTF-8");
		builder.environment().putIfAbsent("TERM", "xterm-256color");
		try {
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(command + " did not finish within 30 s");
			}
			return new Outcome(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String quote(String word) {
		return "'" + word.replace("'", "'\\''") + "'";
	}

}
