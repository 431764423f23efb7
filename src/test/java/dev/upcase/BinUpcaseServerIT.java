package dev.upcase;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/upcase} starts the server from a start-up archive of its own (docs/performance.md): the first start of a
 * build makes it with one training start, and says so; later starts map it; the training start sees none of this
 * start's settings.
 */
class BinUpcaseServerIT {

	private static final String ARCHIVING = "archiving the classes a start loads";

	@TempDir
	Path cache;

	@Test
	void theFirstStartArchivesAndTheNextMapsTheArchive() throws Exception {
		Map<String, String> environment = Map.of("UPCASE_JAR", PackagedJar.JAR.toAbsolutePath().toString(),
				"UPCASE_CACHE", this.cache.toString());
		try (ServerProcess first = ServerProcess.startCommand(environment, "bin/upcase")) {
			assertThat(first.log()).contains(ARCHIVING);
			assertThat(exchange(first)).isEqualTo("BITH");
		}
		Path archive = archive();
		assertThat(Files.size(archive)).isPositive();
		assertThat(Files.readString(archive.resolveSibling("training.log"))).doesNotContain("ERROR");

		try (ServerProcess second = ServerProcess.startCommand(environment, "bin/upcase")) {
			assertThat(second.log()).doesNotContain(ARCHIVING);
			assertThat(Files.readString(Path.of("/proc", String.valueOf(second.pid()), "maps")))
				.as("the JVM maps %s", archive)
				.contains(archive.toString());
			assertThat(exchange(second)).isEqualTo("BITH");
		}
	}

	@Test
	void theTrainingStartSeesNoneOfThisStartsSettings() throws Exception {
		// the training start runs in an empty environment (and directory): a Unix socket path, a port, a profile
		// given to this start must not reach it (it would bind them, or fail on them, before the real start)
		Map<String, String> environment = Map.of("UPCASE_JAR", PackagedJar.JAR.toAbsolutePath().toString(),
				"UPCASE_CACHE", this.cache.toString(), "SPRING_PROFILES_ACTIVE", "bin-upcase-it");
		try (ServerProcess server = ServerProcess.startCommand(environment, "bin/upcase")) {
			assertThat(server.log()).contains(ARCHIVING).contains("profile is active: \"bin-upcase-it\"");
		}
		assertThat(Files.readString(archive().resolveSibling("training.log"))).contains("No active profile set")
			.doesNotContain("bin-upcase-it");
	}

	/** The one archive the first start made: an AOT cache on JDK 24+, a CDS archive before. */
	private Path archive() throws Exception {
		try (Stream<Path> files = Files.walk(this.cache)) {
			List<Path> archives = files
				.filter((path) -> path.getFileName().toString().matches("server\\.(aot|jsa)"))
				.toList();
			assertThat(archives).hasSize(1);
			return archives.get(0);
		}
	}

	private static String exchange(ServerProcess server) {
		try (TcpTestClient client = new TcpTestClient(server.tcpPort())) {
			client.write("bith");
			return new String(client.readExactly(4), StandardCharsets.US_ASCII);
		}
	}

}
