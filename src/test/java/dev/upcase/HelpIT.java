package dev.upcase;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar upcase.jar --help} (or {@code -h}, or through {@code bin/upcase}) says what the jar does and where
 * the settings are, and exits 0 at once: it starts no server.
 */
class HelpIT {

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "--help", "-h", "--upcase.tcp.port=0 --help" })
	void theJarSaysWhatItDoesAndStartsNothing(String arguments) throws Exception {
		assertUsage(PackagedJar.command(arguments.split(" ")));
	}

	@ParameterizedTest(name = "bin/upcase {0}")
	@ValueSource(strings = { "--help", "-h" })
	void binUpcaseToo(String argument) throws Exception {
		assertUsage(List.of(Path.of("bin", "upcase").toString(), argument));
	}

	private static void assertUsage(List<String> command) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("UPCASE_JAR", PackagedJar.JAR.toString());
		Process process = builder.start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isZero();
		assertThat(out).startsWith("upcase ")
			.contains("a TCP service that answers every message with the same text uppercased")
			.contains("java -jar upcase.jar [--SETTING=VALUE ...]      the server")
			.contains("java -jar upcase.jar client [OPTIONS] [WORDS]   the client")
			.contains("client --help lists its options")
			.contains("the\nconfiguration table in README.md (\"Configuration\")")
			.doesNotContain(":: Spring Boot ::", "Listening", "Tomcat");
		assertThat(err).isEmpty();
	}

}
