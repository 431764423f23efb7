package dev.upcase.client;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.upcase.PackagedJar;

/**
 * {@code upcase client} as a separate process, the way a shell runs it: {@code java -jar target/upcase.jar client
 * ...}, stdin from a pipe, stdout and stderr captured apart. The locale is UTF-8, so that arguments are.
 */
final class ClientProcess {

	private static final Duration LIMIT = Duration.ofMinutes(2);

	private ClientProcess() {
	}

	/** What the process left behind. */
	record Result(int exitCode, String stdout, String stderr, Duration took) {

		List<String> stdoutLines() {
			return this.stdout.lines().toList();
		}

		List<String> stderrLines() {
			return this.stderr.lines().toList();
		}

	}

	static Result run(byte[] stdin, String... args) {
		String[] clientArgs = new String[args.length + 1];
		clientArgs[0] = "client";
		System.arraycopy(args, 0, clientArgs, 1, args.length);
		return runCommand(PackagedJar.command(clientArgs), stdin);
	}

	static Result run(String... args) {
		return run(new byte[0], args);
	}

	/** Runs any command (e.g. {@code bin/upcase client ...}) the same way. */
	static Result runCommand(List<String> command, byte[] stdin) {
		return runCommand(command, stdin, Map.of());
	}

	/** Runs any command the same way, with these environment variables added. */
	static Result runCommand(List<String> command, byte[] stdin, Map<String, String> environment) {
		try {
			File out = File.createTempFile("client-", ".out");
			File err = File.createTempFile("client-", ".err");
			try {
				ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
				builder.environment().put("LC_ALL", "C.UTF-8");
				builder.environment().putAll(environment);
				long start = System.nanoTime();
				Process process = builder.start();
				try (OutputStream in = process.getOutputStream()) {
					in.write(stdin);
				}
				catch (IOException ex) {
					// the client exited without reading all of its input (it failed): its result says why
				}
				if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
					process.destroyForcibly();
					throw new AssertionError(command + " did not finish within " + LIMIT);
				}
				return new Result(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
						Files.readString(err.toPath(), StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start));
			}
			finally {
				out.delete();
				err.delete();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
