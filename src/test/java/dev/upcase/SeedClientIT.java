package dev.upcase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's own Python client ({@code send(msg.encode())} / {@code recv(1024)}, no delimiter) against the
 * server with its default settings. Skipped, saying so, where the machine has no {@code python3}.
 */
class SeedClientIT {

	private static UpcaseServer server;

	@BeforeAll
	static void start() {
		server = UpcaseServer.start();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void theSeedsPythonClientGetsEveryMessageBackUppercased(@TempDir Path dir) throws Exception {
		Assumptions.assumeTrue(python3Available(), "python3 is not installed: the seed's Python client cannot run");
		Path script = dir.resolve("seed_client.py");
		try (var in = getClass().getResourceAsStream("/seed_client.py")) {
			Files.copy(in, script);
		}
		List<String> command = new ArrayList<>(List.of("python3", script.toString(), String.valueOf(server.tcpPort())));
		command.addAll(List.of("bith", "", "hello world", "straße", "ñandú"));
		Process python = new ProcessBuilder(command).redirectErrorStream(true).start();
		assertThat(python.waitFor(30, TimeUnit.SECONDS)).as("python client finished").isTrue();
		String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(python.exitValue()).as(output).isZero();
		assertThat(output.lines()).containsExactly("BITH", "HELLO WORLD", "STRASSE", "ÑANDÚ");
	}

	private static boolean python3Available() {
		try {
			Process probe = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
			return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}

}
