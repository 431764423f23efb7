package dev.upcase.server.tcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import com.jayway.jsonpath.JsonPath;
import dev.upcase.TcpTestClient;
import dev.upcase.TestCertificates;
import dev.upcase.TestCertificates.PemFiles;
import dev.upcase.TlsClientContexts;
import dev.upcase.UpcaseServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.upcase.TlsClientContexts.identified;
import static dev.upcase.TlsClientContexts.trusting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * TLS on the TCP endpoint from a Spring Boot SSL bundle, with certificates made at test time: real TLS clients (the
 * JDK's, and {@code openssl s_client} as the README shows it), a client that trusts another CA, client-certificate
 * authentication, plain text against the TLS port, and a certificate renewed while the server runs.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsEndpointIT {

	private static final String CREDENTIALS = "operator:s3cret";

	@TempDir
	static Path dir;

	private static PemFiles pem;

	private static UpcaseServer server;

	@BeforeAll
	static void start() {
		pem = TestCertificates.create(dir);
		server = UpcaseServer.start(arguments(pem.serverBundleArguments("upcase"), "--upcase.tcp.framing=line",
				"--upcase.tcp.ssl.bundle=upcase", "--upcase.tcp.ssl.handshake-timeout=2s",
				"--spring.security.user.password=s3cret"));
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void aClientTrustingTheCaGetsUppercaseReplies() throws IOException {
		try (TlsClient client = new TlsClient(server.tcpPort(), trusting(pem.caCert()))) {
			assertThat(client.exchangeLine("bith")).isEqualTo("BITH");
			assertThat(client.exchangeLine("straße")).isEqualTo("STRASSE");
			assertThat(client.socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
			String connections = server.get("/actuator/connections", CREDENTIALS).body();
			assertThat(JsonPath.<List<String>>read(connections, "$.connections[*].endpoint")).contains("tls");
		}
		String health = server.get("/actuator/health/endpoints/tls", CREDENTIALS).body();
		assertThat((String) JsonPath.read(health, "$.status")).isEqualTo("UP");
		assertThat(server.get("/actuator/listeners/tls", CREDENTIALS).statusCode()).isEqualTo(200);
		assertThat(server.get("/actuator/listeners/tcp", CREDENTIALS).statusCode()).as("no plain-text listener")
			.isEqualTo(404);
	}

	@Test
	void openSslSClientAsTheReadmeShowsIt() throws Exception {
		Process openssl = new ProcessBuilder("openssl", "s_client", "-quiet", "-CAfile", pem.caCert().toString(),
				"-verify_return_error", "-connect", "127.0.0.1:" + server.tcpPort())
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		try (OutputStream stdin = openssl.getOutputStream();
				BufferedReader stdout = new BufferedReader(
						new InputStreamReader(openssl.getInputStream(), StandardCharsets.UTF_8))) {
			stdin.write("bith\n".getBytes(StandardCharsets.UTF_8));
			stdin.flush();
			assertThat(stdout.readLine()).isEqualTo("BITH");
		}
		finally {
			openssl.destroy();
			openssl.waitFor(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void aClientTrustingAnotherCaIsRefusedCountedAndLoggedOnce(CapturedOutput output) throws IOException {
		double before = tlsFailures();
		try (TlsClient client = new TlsClient(server.tcpPort(), trusting(pem.otherCaCert()))) {
			assertThatExceptionOfType(SSLException.class).isThrownBy(() -> client.exchangeLine("bith"));
		}
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> tlsFailures() == before + 1);
		Awaitility.await().atMost(Duration.ofSeconds(5))
			.until(() -> output.getOut().lines().filter(line -> line.contains("closed (tls: ")).count() >= 1);
		assertThat(output.getOut()).doesNotContain("\tat ");
	}

	@Test
	void plainTextOnTheTlsPortIsClosedPromptly(CapturedOutput output) {
		try (TcpTestClient plain = server.connect()) {
			plain.write("bith\n");
			assertThat(plain.closedByServer()).as("closed at the first byte that is not TLS").isTrue();
		}
		try (TcpTestClient silent = server.connect()) {
			assertThat(silent.closedByServer()).as("closed when the handshake timeout (2s) ends").isTrue();
		}
		Awaitility.await().atMost(Duration.ofSeconds(5))
			.until(() -> output.getOut().contains("closed (tls: not TLS: the first byte is 0x62 'b'")
					&& output.getOut().contains("closed (tls: handshake timed out"));
	}

	@ParameterizedTest(name = "engine={0}")
	@ValueSource(strings = { "jdk", "openssl" })
	void clientAuthNeedRefusesAClientWithoutACertificateAndServesOneWithIt(String engine, CapturedOutput output)
			throws IOException {
		try (UpcaseServer strict = UpcaseServer.start(arguments(pem.serverBundleArguments("upcase"),
				"--upcase.tcp.framing=line", "--upcase.tcp.ssl.bundle=upcase", "--upcase.tcp.ssl.client-auth=need",
				"--upcase.tcp.ssl.engine=" + engine))) {
			try (TlsClient anonymous = new TlsClient(strict.tcpPort(), trusting(pem.caCert()))) {
				assertThatExceptionOfType(IOException.class).as("no client certificate")
					.isThrownBy(() -> anonymous.exchangeLine("who"));
			}
			try (TlsClient known = new TlsClient(strict.tcpPort(),
					identified(pem.clientCert(), pem.clientKey(), pem.caCert()))) {
				assertThat(known.exchangeLine("me")).isEqualTo("ME");
			}
			assertThat(output.getOut()).contains("client certificates: need");
		}
	}

	@ParameterizedTest(name = "engine={0}")
	@ValueSource(strings = { "jdk", "openssl" })
	void protocolsAndCiphersComeFromTheBundle(String engine) throws IOException {
		try (UpcaseServer tls12 = UpcaseServer.start(arguments(pem.serverBundleArguments("upcase"),
				"--upcase.tcp.framing=line", "--upcase.tcp.ssl.bundle=upcase", "--upcase.tcp.ssl.engine=" + engine,
				"--spring.ssl.bundle.pem.upcase.options.enabled-protocols=TLSv1.2",
				"--spring.ssl.bundle.pem.upcase.options.ciphers=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))) {
			try (TlsClient client = new TlsClient(tls12.tcpPort(), trusting(pem.caCert()))) {
				assertThat(client.exchangeLine("old school")).isEqualTo("OLD SCHOOL");
				assertThat(client.socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
				assertThat(client.socket.getSession().getCipherSuite())
					.isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
			}
			try (TlsClient modern = new TlsClient(tls12.tcpPort(), trusting(pem.caCert()))) {
				modern.socket.setEnabledProtocols(new String[] { "TLSv1.3" });
				assertThatExceptionOfType(IOException.class).as("no protocol in common")
					.isThrownBy(() -> modern.exchangeLine("new school"));
			}
		}
	}

	@ParameterizedTest(name = "engine={0}")
	@ValueSource(strings = { "jdk", "openssl" })
	void aRenewedCertificateIsServedWithoutARestart(String engine, CapturedOutput output) throws IOException {
		Path certificate = Files.copy(pem.serverCert(), dir.resolve("live.crt"), StandardCopyOption.REPLACE_EXISTING);
		Path key = Files.copy(pem.serverKey(), dir.resolve("live.key"), StandardCopyOption.REPLACE_EXISTING);
		try (UpcaseServer reloading = UpcaseServer.start(arguments(
				PemFiles.bundleArguments("live", certificate, key, pem.caCert()), "--upcase.tcp.framing=line",
				"--upcase.tcp.ssl.bundle=live", "--upcase.tcp.ssl.engine=" + engine,
				"--spring.ssl.bundle.pem.live.reload-on-update=true",
				"--spring.ssl.bundle.watch.file.quiet-period=100ms"))) {
			try (TlsClient before = new TlsClient(reloading.tcpPort(), trusting(pem.caCert()))) {
				assertThat(before.exchangeLine("old")).isEqualTo("OLD");
				assertThat(before.peerSubject()).isEqualTo("CN=localhost");
				Files.copy(pem.otherHostCert(), certificate, StandardCopyOption.REPLACE_EXISTING);
				Files.copy(pem.otherHostKey(), key, StandardCopyOption.REPLACE_EXISTING);
				Awaitility.await().atMost(Duration.ofSeconds(20))
					.until(() -> output.getOut().contains("SSL bundle 'live' reloaded"));
				// the renewed certificate is for another host name: check it is the one served, not that it fits
				try (TlsClient after = new TlsClient(reloading.tcpPort(), trusting(pem.caCert()), false)) {
					assertThat(after.exchangeLine("new")).isEqualTo("NEW");
					assertThat(after.peerSubject()).isEqualTo("CN=" + TestCertificates.OTHER_HOST);
				}
				assertThat(before.exchangeLine("still open")).as("an open connection keeps its session")
					.isEqualTo("STILL OPEN");
			}
		}
	}

	@Test
	void aBundleThatDoesNotExistStopsTheStartWithWhatToDo(CapturedOutput output) {
		assertThatException().isThrownBy(() -> UpcaseServer.start("--upcase.tcp.ssl.bundle=missing"));
		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("upcase.tcp.ssl.bundle=missing names no SSL bundle")
			.contains("--spring.ssl.bundle.pem.missing.keystore.certificate=file:tls.crt")
			.doesNotContain("\tat ");
	}

	@Test
	void clientAuthWithoutATrustStoreStopsTheStart(CapturedOutput output) {
		String prefix = "--spring.ssl.bundle.pem.notrust.keystore.";
		assertThatException().isThrownBy(() -> UpcaseServer.start(prefix + "certificate=" + PemFiles.location(pem.serverCert()),
				prefix + "private-key=" + PemFiles.location(pem.serverKey()), "--upcase.tcp.ssl.bundle=notrust",
				"--upcase.tcp.ssl.client-auth=want"));
		assertThat(output.getOut()).contains("has no trust store to check client certificates against")
			.contains("spring.ssl.bundle.pem.notrust.truststore.certificate=file:ca.crt");
	}

	private static double tlsFailures() {
		return server.get("/actuator/prometheus")
			.body()
			.lines()
			.filter(line -> line.startsWith(
					"upcase_connections_closed_total{application=\"upcase\",endpoint=\"tls\",reason=\"tls\"}"))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private static String[] arguments(List<String> bundle, String... more) {
		List<String> all = new ArrayList<>(bundle);
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

	/** A JDK TLS client speaking the line framing, checking the server's certificate chain and host name. */
	private static final class TlsClient implements AutoCloseable {

		private final SSLSocket socket;

		private final BufferedReader in;

		TlsClient(int port, SSLContext context) throws IOException {
			this(port, context, true);
		}

		TlsClient(int port, SSLContext context, boolean checkHostName) throws IOException {
			this.socket = TlsClientContexts.connect(context, port, checkHostName);
			this.socket.setSoTimeout(10_000);
			this.in = new BufferedReader(new InputStreamReader(this.socket.getInputStream(), StandardCharsets.UTF_8));
		}

		String exchangeLine(String line) throws IOException {
			this.socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
			this.socket.getOutputStream().flush();
			String reply = this.in.readLine();
			if (reply == null) {
				throw new IOException("closed by the server");
			}
			return reply;
		}

		String peerSubject() throws IOException {
			return ((java.security.cert.X509Certificate) this.socket.getSession().getPeerCertificates()[0])
				.getSubjectX500Principal()
				.getName();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
