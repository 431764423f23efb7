package dev.upcase.server.config;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.upcase.PackagedJar;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings from the environment, as a container or a Kubernetes pod gives them, in the packaged jar's own process:
 * a misspelled {@code UPCASE_TCP_*} variable stops the start with the variable it meant, while the variables that
 * are somebody else's — Kubernetes' service links for Services named {@code upcase}, {@code upcase-management} or
 * {@code upcase-tcp}, the client's and {@code bin/upcase}'s own — do not.
 */
class EnvironmentSettingsIT {

	@Test
	void aMisspelledVariableInASettingsGroupStopsTheStartWithTheVariableItMeant() throws Exception {
		Result result = run(Map.of("UPCASE_TCP_FRAMEING", "line", "UPCASE_TCP_MAX_MESAGE_BYTES", "1KB"));
		assertThat(result.status()).isEqualTo(1);
		assertThat(result.output()).contains("APPLICATION FAILED TO START")
			.contains("upcase cannot start with UPCASE_TCP_FRAMEING (set by System Environment Property "
					+ "\"UPCASE_TCP_FRAMEING\"): no upcase setting has that name; did you mean UPCASE_TCP_FRAMING "
					+ "(upcase.tcp.framing)?")
			.contains("upcase cannot start with UPCASE_TCP_MAX_MESAGE_BYTES (set by System Environment Property "
					+ "\"UPCASE_TCP_MAX_MESAGE_BYTES\"): no upcase setting has that name; did you mean "
					+ "UPCASE_TCP_MAX_MESSAGE_BYTES (upcase.tcp.max-message-bytes)?")
			.contains("upcase.tcp.max-message-bytes is UPCASE_TCP_MAXMESSAGEBYTES")
			.doesNotContain("\tat ");
	}

	@Test
	void kubernetesServiceLinksAndTheClientsVariablesDoNotStopTheStart() throws Exception {
		Map<String, String> environment = new HashMap<>();
		// a Service named "upcase" (deploy/kubernetes/service-tcp.yaml), as the kubelet gives every pod
		serviceLinks(environment, "UPCASE", 8000, "TCP");
		serviceLinks(environment, "UPCASE_MANAGEMENT", 8080, "TCP");
		// a Service someone named "upcase-tcp" or "upcase-udp": inside the settings groups (its *_PORT=tcp://...
		// is left out: it is the setting upcase.tcp.port's own name, and would not bind as a port)
		environment.put("UPCASE_TCP_SERVICE_HOST", "10.96.0.13");
		environment.put("UPCASE_TCP_SERVICE_PORT", "8000");
		environment.put("UPCASE_TCP_SERVICE_PORT_TCP", "8000");
		environment.put("UPCASE_TCP_PORT_8000_TCP", "tcp://10.96.0.13:8000");
		environment.put("UPCASE_TCP_PORT_8000_TCP_ADDR", "10.96.0.13");
		environment.put("UPCASE_ADMIN_PORT", "tcp://10.96.0.14:8080");
		environment.put("UPCASE_UDP_PORT_8000_UDP_PROTO", "udp");
		// the client's and bin/upcase's own variables
		environment.put("UPCASE_KEY_PASSWORD", "secret");
		environment.put("UPCASE_CACHE", "/tmp/upcase-cache");
		environment.put("UPCASE_CDS", "off");
		environment.put("UPCASE_JAR", "/opt/upcase.jar");
		// real settings, in both spellings Spring Boot reads (deploy/kubernetes/configmap.yaml uses the second)
		environment.put("UPCASE_TCP_MAXMESSAGEBYTES", "2KB");
		environment.put("UPCASE_TCP_MAX_CONNECTIONS", "100");
		environment.put("UPCASE_TCP_SSL_HANDSHAKETIMEOUT", "5s");
		Result result = run(environment);
		assertThat(result.output()).doesNotContain("APPLICATION FAILED TO START", "no upcase setting")
			.contains("messages up to 2048 bytes, at most 100 connections");
	}

	private static void serviceLinks(Map<String, String> environment, String service, int port, String protocol) {
		String address = "10.96.0." + (10 + environment.size());
		String link = service + "_PORT_" + port + "_" + protocol;
		environment.put(service + "_SERVICE_HOST", address);
		environment.put(service + "_SERVICE_PORT", Integer.toString(port));
		environment.put(service + "_SERVICE_PORT_" + protocol, Integer.toString(port));
		environment.put(service + "_PORT", protocol.toLowerCase() + "://" + address + ":" + port);
		environment.put(link, protocol.toLowerCase() + "://" + address + ":" + port);
		environment.put(link + "_PROTO", protocol.toLowerCase());
		environment.put(link + "_PORT", Integer.toString(port));
		environment.put(link + "_ADDR", address);
	}

	/** Runs the jar until it listens (then stops it) or until it ends by itself, and returns what it printed. */
	private static Result run(Map<String, String> environment) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(PackagedJar.command("--upcase.tcp.port=0", "--server.port=0",
				"--spring.security.user.password=test"))
			.redirectErrorStream(true);
		builder.environment().keySet().removeIf(name -> name.startsWith("UPCASE_"));
		builder.environment().putAll(environment);
		Process process = builder.start();
		StringBuilder output = new StringBuilder();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				output.append(line).append('\n');
				if (line.contains("Listening for TCP clients")) {
					process.toHandle().destroy(); // SIGTERM: it started, which is all this asks
				}
			}
		}
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the process ends").isTrue();
		return new Result(process.exitValue(), output.toString());
	}

	private record Result(int status, String output) {
	}

}
