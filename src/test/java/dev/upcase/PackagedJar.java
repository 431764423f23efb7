package dev.upcase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar ({@code target/upcase.jar}, built by the package phase, before the integration tests), run in
 * a process of its own with the JVM that runs the tests.
 */
public final class PackagedJar {

	public static final Path JAR = Path.of("target", "upcase.jar");

	private PackagedJar() {
	}

	/** @return {@code java -jar target/upcase.jar} followed by {@code args} */
	public static List<String> command(String... args) {
		assertThat(JAR).as("the packaged jar (the package phase runs before integration tests)").exists();
		List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", JAR.toString()));
		command.addAll(List.of(args));
		return command;
	}

	public static String javaBin() {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		return Files.isExecutable(java) ? java.toString() : "java";
	}

}
