package dev.upcase;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.upcase.TestCertificates.PemFiles;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that asks to renegotiate (TLS 1.2: {@code openssl s_client}'s {@code R} command sends a new ClientHello on
 * the open connection) is refused on both TLS engines — on the JDK's by {@code jdk.tls.rejectClientInitiatedRenegotiation},
 * which the packaged jar's {@code main} sets before any handshake — and its connection closes with reason {@code tls}
 * in one log line; TLS 1.2 and TLS 1.3 clients that do not renegotiate are served as before. The packaged jar in a
 * process of its own: the JDK reads the property once per JVM.
 */
class TlsRenegotiationIT {

	@TempDir
	static Path dir;

	private static PemFiles pem;

	@BeforeAll
	static void certificates() {
		Assumptions.assumeTrue(Tools.onPath("openssl"),
				"openssl is not installed: nothing here renegotiates as a real client does (apt-get install openssl)");
		pem = TestCertificates.create(dir);
	}

	@ParameterizedTest(name = "engine={0}")
	@CsvSource({ "jdk, Client initiated renegotiation is not allowed", "openssl," })
	void aClientsRenegotiationIsRefusedAndOtherClientsAreServed(String engine, String jdkReason) throws Exception {
		List<String> args = new ArrayList<>(pem.serverBundleArguments("upcase"));
		args.addAll(List.of("--upcase.tcp.framing=line", "--upcase.tcp.ssl.bundle=upcase",
				"--upcase.tcp.ssl.engine=" + engine));
		try (ServerProcess server = ServerProcess.start(0, List.of(), args.toArray(String[]::new))) {
			assertThat(server.log()).doesNotContain("TLS clients may renegotiate");
			for (String version : List.of("-tls1_2", "-tls1_3")) {
				try (OpensslClient client = new OpensslClient(server.tcpPort(), version)) {
					client.send("bith " + version);
					client.awaitLine("BITH " + version.toUpperCase());
				}
			}
			try (OpensslClient client = new OpensslClient(server.tcpPort(), "-tls1_2")) {
				client.send("before");
				client.awaitLine("BEFORE");
				client.send("R"); // s_client: renegotiate
				assertThat(client.awaitExit()).as("s_client ends: the server refused\n%s", client.output()).isTrue();
				assertThat(client.output()).contains("RENEGOTIATING").contains("alert").doesNotContain("AFTER");
			}
			String renegotiator = "1 messages, 1 replies, 6 bytes in"; // "before"; the others sent "bith -tls1_x"
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> server.logLines().stream().anyMatch(line -> line.contains(renegotiator)));
			List<String> closes = server.logLines().stream().filter(line -> line.contains(renegotiator)).toList();
			assertThat(closes).as(server.log()).singleElement();
			if (jdkReason != null) {
				assertThat(closes.get(0)).contains("closed (tls: " + jdkReason + ")");
			}
			else {
				// BoringSSL's fatal alert goes out first, its error is Netty's to raise at the next write: the client,
				// told by the alert, often closes first
				assertThat(closes.get(0)).containsAnyOf("closed (tls: ", "closed (client)");
			}
			assertThat(server.log()).doesNotContain("\tat ").doesNotContain(" ERROR ");
		}
	}

	/** {@code openssl s_client} on the server's port, its commands on (no {@code -quiet}), its output kept. */
	private static final class OpensslClient implements AutoCloseable {

		private final Process process;

		private final OutputStream input;

		private final List<String> output = new CopyOnWriteArrayList<>();

		private final Thread pump;

		OpensslClient(int port, String version) throws IOException {
			this.process = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, version,
					"-CAfile", pem.caCert().toString(), "-verify_return_error")
				.redirectErrorStream(true)
				.start();
			this.input = this.process.getOutputStream();
			this.pump = new Thread(this::pump, "s_client-output");
			this.pump.setDaemon(true);
			this.pump.start();
		}

		private void pump() {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					this.output.add(line);
				}
			}
			catch (IOException ex) {
				// the process ended
			}
		}

		void send(String line) throws IOException {
			this.input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
			this.input.flush();
		}

		void awaitLine(String line) {
			Awaitility.await()
				.atMost(Duration.ofSeconds(60))
				.failFast("s_client ended:\n" + output(), () -> !this.process.isAlive() && !this.output.contains(line))
				.until(() -> this.output.contains(line));
		}

		/** @return whether s_client ended within a minute; its output is then all read */
		boolean awaitExit() throws InterruptedException {
			boolean ended = this.process.waitFor(60, TimeUnit.SECONDS);
			this.pump.join(10_000);
			return ended;
		}

		String output() {
			return String.join("\n", this.output);
		}

		@Override
		public void close() {
			this.process.destroyForcibly();
		}

	}

}
