package dev.upcase.client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import dev.upcase.PackagedJar;
import dev.upcase.TestCertificates;
import dev.upcase.TestCertificates.PemFiles;
import dev.upcase.Tools;
import dev.upcase.UpcaseServer;
import dev.upcase.client.ClientProcess.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.upcase.client.ClientModesIT.bytes;
import static dev.upcase.client.ClientModesIT.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real CLI with {@code --tls} against the real server's TLS endpoint (a Spring Boot PEM bundle made of
 * certificates generated for the test): every mode over TLS, and each way TLS can refuse, told apart in one line
 * with exit code 8.
 */
class ClientTlsIT {

	@TempDir
	static Path dir;

	private static PemFiles pem;

	/** Raw framing, no client certificate asked for. */
	private static UpcaseServer rawServer;

	/** Line framing, a client certificate signed by the CA required. */
	private static UpcaseServer strictServer;

	@BeforeAll
	static void startServers() {
		pem = TestCertificates.create(dir);
		rawServer = UpcaseServer.start(tls(pem.serverBundleArguments("upcase")));
		// a handshake timeout far above the default 10 s: on a machine loaded well past its cores, the client's JVM
		// can take longer than that between connecting and answering the handshake, and the refusal under test
		// would become a timeout
		strictServer = UpcaseServer.start(tls(pem.serverBundleArguments("upcase"), "--upcase.tcp.framing=line",
				"--upcase.tcp.ssl.client-auth=need", "--upcase.tcp.ssl.handshake-timeout=120s"));
	}

	@AfterAll
	static void stopServers() {
		rawServer.close();
		strictServer.close();
	}

	@Test
	void oneShotAndRawPipeOverTlsToTheAddressOrTheNameInTheCertificate() {
		for (String host : TestCertificates.SERVER_NAMES) {
			Result oneShot = ClientProcess.run("--host", host, "--port", port(rawServer), "--ca", ca(), "straße bith");
			assertThat(oneShot.exitCode()).as(host + ": " + oneShot.stderr()).isZero();
			assertThat(oneShot.stdout()).isEqualTo("STRASSE BITH\n");
			assertThat(oneShot.stderr()).isEmpty();
		}
		Result pipe = ClientProcess.run(bytes("one\ntwo\n\nthree\n"), "--port", port(rawServer), "--ca", ca());
		assertThat(pipe.exitCode()).as(pipe.stderr()).isZero();
		assertThat(pipe.stdout()).isEqualTo("ONE\nTWO\n\nTHREE\n");
	}

	@Test
	void aClientCertificateOpensTheStrictServerToTheStreamedPipeAndToBench() {
		List<String> lines = IntStream.range(0, 2_000).mapToObj(i -> "line " + i + " ñandú").toList();
		Result pipe = ClientProcess.run(bytes(String.join("\n", lines) + "\n"), withClientCertificate("--port",
				port(strictServer), "--framing", "line"));
		assertThat(pipe.exitCode()).as(pipe.stderr()).isZero();
		assertThat(pipe.stderr()).isEmpty();
		assertThat(pipe.stdoutLines())
			.containsExactlyElementsOf(lines.stream().map(line -> line.toUpperCase(Locale.ROOT)).toList());

		Result oneShot = ClientProcess.run(withClientCertificate("--port", port(strictServer), "--framing", "line",
				"--message", "who goes there"));
		assertThat(oneShot.exitCode()).as(oneShot.stderr()).isZero();
		assertThat(oneShot.stdout()).isEqualTo("WHO GOES THERE\n");

		for (String pipeline : List.of("1", "8")) {
			Result bench = ClientProcess.run(withClientCertificate("bench", "--port", port(strictServer), "--framing",
					"line", "--connections", "2", "--pipeline", pipeline, "--warmup", "200ms", "--duration", "1s"));
			assertThat(bench.exitCode()).as("pipeline " + pipeline + ": " + bench.stderr()).isZero();
			assertThat(bench.stdout()).contains("errors        0\n").contains("mismatches    0\n");
		}
	}

	@Test
	void withoutAClientCertificateTheStrictServerIsRefusedWithTheReason() {
		String expected = "upcase: 127.0.0.1:" + strictServer.tcpPort()
				+ " requires a client certificate (give one with --cert and --key)";
		assertFailure(ClientProcess.run("--port", port(strictServer), "--framing", "line", "--ca", ca(), "hello"), 8,
				expected);
		// the streamed pipe hears of the refusal on its reader thread
		assertFailure(ClientProcess.run(bytes("hello\n"), "--port", port(strictServer), "--framing", "line", "--ca",
				ca()), 8, expected);
	}

	@Test
	void aClientCertificateFromAnotherCaIsRefused() {
		Result result = ClientProcess.run("--port", port(strictServer), "--framing", "line", "--ca", ca(), "--cert",
				pem.strangerCert().toString(), "--key", pem.strangerKey().toString(), "hello");
		assertThat(result.exitCode()).as(result.stderr()).isEqualTo(8);
		assertThat(result.stdout()).isEmpty();
		assertThat(result.stderrLines()).singleElement()
			.asString()
			.startsWith("upcase: 127.0.0.1:" + strictServer.tcpPort() + " refused the client certificate in --cert "
					+ pem.strangerCert() + " (");
	}

	@Test
	void aServerCertificateFromAnotherCaIsNotTrusted() {
		String other = pem.otherCaCert().toString();
		assertFailure(ClientProcess.run("--port", port(rawServer), "--ca", other, "hello"), 8,
				"upcase: 127.0.0.1:" + rawServer.tcpPort() + "'s certificate is not trusted: it is not signed by the CA in --ca "
						+ other + " (unable to find valid certification path to requested target)");
		// no --ca: the JDK's trusted CAs, which do not include a CA made for this test
		assertFailure(ClientProcess.run("--port", port(rawServer), "--tls", "hello"), 8,
				"upcase: 127.0.0.1:" + rawServer.tcpPort() + "'s certificate is not trusted: it is not signed by the "
						+ "JDK's trusted CAs (give the server's CA with --ca) (unable to find valid certification path to requested target)");
	}

	@Test
	void aServerCertificateForAnotherHostIsRefused() {
		try (UpcaseServer elsewhere = UpcaseServer.start(tls(PemFiles.bundleArguments("upcase", pem.otherHostCert(),
				pem.otherHostKey(), pem.caCert())))) {
			assertFailure(ClientProcess.run("--port", port(elsewhere), "--ca", ca(), "hello"), 8,
					"upcase: 127.0.0.1:" + elsewhere.tcpPort() + "'s certificate is not for host 127.0.0.1 "
							+ "(No subject alternative names matching IP address 127.0.0.1 found)");
			assertFailure(ClientProcess.run("--host", "localhost", "--port", port(elsewhere), "--ca", ca(), "hello"), 8,
					"upcase: localhost:" + elsewhere.tcpPort() + "'s certificate is not for host localhost "
							+ "(No subject alternative DNS name matching localhost found.)");
		}
	}

	@Test
	void tlsToAPlainServerAndPlainTextToTheTlsPortEndPromptly() {
		try (UpcaseServer plain = UpcaseServer.start()) {
			Result tlsToPlain = ClientProcess.run("--port", port(plain), "--ca", ca(), "--timeout", "5s", "hello");
			assertThat(tlsToPlain.exitCode()).as(tlsToPlain.stderr()).isEqualTo(8);
			assertThat(tlsToPlain.stdout()).isEmpty();
			assertThat(tlsToPlain.stderrLines()).singleElement()
				.asString()
				.startsWith("upcase: 127.0.0.1:" + plain.tcpPort())
				.contains("does it speak TLS on this port?");
		}
		// the TLS server closes a plain-text client at once: the client says so, long before its timeout
		assertFailure(ClientProcess.run("--port", port(rawServer), "--timeout", "30s", "hello"), 6,
				"upcase: 127.0.0.1:" + rawServer.tcpPort() + " closed the connection before replying");
	}

	/**
	 * An encrypted PKCS#8 key (as {@code openssl pkcs8 -topk8} writes it) opens with its password, given with
	 * {@code --key-password} or in {@code UPCASE_KEY_PASSWORD}; without it, or with a wrong one, one line says so.
	 */
	@Test
	void anEncryptedKeyOpensWithItsPasswordFromTheOptionOrTheEnvironment() throws Exception {
		Assumptions.assumeTrue(Tools.onPath("openssl"),
				"openssl is not installed: nothing here encrypts a key as users do (apt-get install openssl)");
		Path encrypted = dir.resolve("client-encrypted.key");
		Process openssl = new ProcessBuilder("openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in",
				pem.clientKey().toString(), "-out", encrypted.toString(), "-passout", "pass:s3cret")
			.redirectErrorStream(true)
			.start();
		assertThat(openssl.waitFor()).as(new String(openssl.getInputStream().readAllBytes())).isZero();
		List<String> args = List.of("client", "--port", port(strictServer), "--framing", "line", "--ca", ca(), "--cert",
				pem.clientCert().toString(), "--key", encrypted.toString());

		Result withOption = ClientProcess.runCommand(command(args, "--key-password", "s3cret", "hello"), new byte[0]);
		assertThat(withOption.exitCode()).as(withOption.stderr()).isZero();
		assertThat(withOption.stdout()).isEqualTo("HELLO\n");
		Result fromEnvironment = ClientProcess.runCommand(command(args, "hello"), new byte[0],
				Map.of("UPCASE_KEY_PASSWORD", "s3cret"));
		assertThat(fromEnvironment.exitCode()).as(fromEnvironment.stderr()).isZero();
		assertThat(fromEnvironment.stdout()).isEqualTo("HELLO\n");

		Result wrong = ClientProcess.runCommand(command(args, "--key-password", "guess", "hello"), new byte[0]);
		assertThat(wrong.exitCode()).isEqualTo(2);
		assertThat(wrong.stderrLines().get(0))
			.isEqualTo("--key " + encrypted + ": cannot decrypt it with --key-password (a wrong password?)");
		Result without = ClientProcess.runCommand(command(args, "hello"), new byte[0]);
		assertThat(without.exitCode()).isEqualTo(2);
		assertThat(without.stderrLines().get(0))
			.isEqualTo("--key " + encrypted + ": the key is encrypted: give its password with --key-password");
	}

	private static List<String> command(List<String> args, String... more) {
		List<String> all = new ArrayList<>(args);
		all.addAll(List.of(more));
		return PackagedJar.command(all.toArray(String[]::new));
	}

	private static String[] withClientCertificate(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.addAll(List.of("--ca", ca(), "--cert", pem.clientCert().toString(), "--key", pem.clientKey().toString()));
		return all.toArray(String[]::new);
	}

	private static String ca() {
		return pem.caCert().toString();
	}

	private static String[] tls(List<String> bundle, String... more) {
		List<String> all = new ArrayList<>(bundle);
		all.add("--upcase.tcp.ssl.bundle=upcase");
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

	static void assertFailure(Result result, int exitCode, String line) {
		assertThat(result.exitCode()).as(result.stderr()).isEqualTo(exitCode);
		assertThat(result.stdout()).isEmpty();
		assertThat(result.stderrLines()).containsExactly(line);
	}

}
