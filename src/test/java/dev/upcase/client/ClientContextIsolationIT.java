package dev.upcase.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.upcase.PackagedJar;
import dev.upcase.UpcaseServer;
import dev.upcase.client.ClientProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client is a small application of its own: answering a message loads nothing of the server's, and nothing of
 * a Spring Boot application (no SpringApplication, no auto-configuration, no Actuator, no Tomcat, no security).
 * Checked on the classes the client's JVM actually loaded, as the JVM itself lists them.
 */
class ClientContextIsolationIT {

	/** Classes the client must never load: the server, and what a Spring Boot application brings. */
	private static final List<String> SERVER_ONLY = List.of("dev.upcase.server.", "org.springframework.boot.SpringApplication",
			"org.springframework.boot.autoconfigure.", "org.springframework.boot.actuate.", "org.springframework.security.",
			"org.apache.catalina.", "org.apache.tomcat.", "org.springframework.web.", "io.micrometer.core.", "io.micrometer.prometheus");

	@Test
	void aOneShotMessageLoadsNothingOfTheServerNorOfSpringBoot(@TempDir Path dir) throws IOException {
		Path classLog = dir.resolve("classes.txt");
		try (UpcaseServer server = UpcaseServer.start()) {
			List<String> command = new ArrayList<>(List.of(PackagedJar.javaBin(),
					"-Xlog:class+load=info:file=" + classLog, "-jar", PackagedJar.JAR.toString()));
			command.addAll(List.of("client", "--port", ClientModesIT.port(server), "--message", "bith"));
			Result result = ClientProcess.runCommand(command, new byte[0]);
			assertThat(result.exitCode()).as(result.stderr()).isZero();
			assertThat(result.stdout()).isEqualTo("BITH\n");
		}
		List<String> loaded = Files.readAllLines(classLog).stream().map(ClientContextIsolationIT::className).toList();
		// the client did start its context and its gateway: the check below looks at a real run
		assertThat(loaded).contains("dev.upcase.client.ClientConfiguration",
				"org.springframework.context.annotation.AnnotationConfigApplicationContext",
				"org.springframework.integration.ip.tcp.outbound.TcpOutboundGateway");
		assertThat(loaded.stream().filter(name -> SERVER_ONLY.stream().anyMatch(name::startsWith))).isEmpty();
	}

	/** {@code [info][class,load] java.lang.Object source: ...} → {@code java.lang.Object} */
	private static String className(String line) {
		String afterTags = line.substring(line.indexOf("] ", line.indexOf("[class,load]")) + 2);
		int space = afterTags.indexOf(' ');
		return space < 0 ? afterTags : afterTags.substring(0, space);
	}

}
