package dev.upcase.server.management;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.upcase.TestCertificates;
import dev.upcase.TlsClientContexts;
import dev.upcase.UpcaseServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The management port over TLS, as docs/operations.md says to set it up: a port of its own
 * ({@code management.server.port}) with an SSL bundle ({@code management.server.ssl.bundle}), here from a test CA.
 * A client trusting that CA gets the probes, the scrape and (with credentials) the admin API over HTTPS; plain HTTP
 * gets nothing; the start-up line says https.
 */
@ExtendWith(OutputCaptureExtension.class)
class ManagementTlsIT {

	@Test
	void theManagementPortServesHttpsWithAnSslBundle(@TempDir Path dir, CapturedOutput output) throws Exception {
		TestCertificates.PemFiles pem = TestCertificates.create(dir);
		List<String> args = new ArrayList<>(pem.serverBundleArguments("management"));
		args.addAll(List.of("--management.server.port=0", "--management.server.ssl.bundle=management",
				"--spring.security.user.password=s3cret"));
		try (UpcaseServer server = UpcaseServer.start(args.toArray(String[]::new))) {
			int port = ManagementPortIT.managementPort(server);
			HttpClient tls = HttpClient.newBuilder().sslContext(TlsClientContexts.trusting(pem.caCert())).build();
			for (String host : List.of("localhost", "127.0.0.1")) {
				URI base = URI.create("https://" + host + ":" + port);
				assertThat(ManagementHttp.send(tls, "GET", base.resolve("/actuator/health/readiness"), null, Map.of(), null)
					.statusCode()).as(host).isEqualTo(200);
				assertThat(ManagementHttp.send(tls, "GET", base.resolve("/actuator/prometheus"), null, Map.of(), null)
					.body()).contains("upcase_connections_active");
				HttpResponse<String> listeners = ManagementHttp.send(tls, "GET", base.resolve("/actuator/listeners"),
						"operator:s3cret", Map.of(), null);
				assertThat(listeners.statusCode()).isEqualTo(200);
				assertThat(listeners.body()).contains("\"tcp\"");
				assertThat(ManagementHttp.send(tls, "GET", base.resolve("/actuator/listeners"), null, Map.of(), null)
					.statusCode()).isEqualTo(401);
			}
			HttpClient strangerTrusting = HttpClient.newBuilder()
				.sslContext(TlsClientContexts.trusting(pem.otherCaCert()))
				.build();
			assertThatExceptionOfType(java.io.UncheckedIOException.class).as("a client trusting another CA")
				.isThrownBy(() -> ManagementHttp.send(strangerTrusting, "GET",
						URI.create("https://localhost:" + port + "/actuator/health"), null, Map.of(), null));
			HttpResponse<String> plain = plainHttp(port);
			assertThat(plain == null || plain.statusCode() == 400).as("plain HTTP to the TLS port gets no answer").isTrue();
			assertThat(output.getOut()).contains("Management endpoints on https://127.0.0.1:" + port + "/actuator");
		}
	}

	/** @return Tomcat's answer to plain HTTP on a TLS port (a 400 that says to use https), or null if it closed */
	private static HttpResponse<String> plainHttp(int port) {
		try {
			return ManagementHttp.get(URI.create("http://127.0.0.1:" + port + "/actuator/health"), null);
		}
		catch (java.io.UncheckedIOException ex) {
			if (ex.getCause() instanceof IOException) {
				return null;
			}
			throw ex;
		}
	}

}
