package dev.upcase.server.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLSocket;

import dev.upcase.TestCertificates;
import dev.upcase.TestCertificates.PemFiles;
import dev.upcase.UpcaseServer;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.upcase.TlsClientContexts.connect;
import static dev.upcase.TlsClientContexts.trusting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The TLS mistakes a newcomer makes, each stopping the real application's start with one Description/Action block
 * and no stack trace: a bundle file that is not there (each kind of file, PEM and key store bundles, with and
 * without the file watcher), and a private key that does not belong to its certificate (EC, RSA, a key store); a
 * renewal to such a pair while running is refused with one line and the old certificate stays.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsSettingsFailureIT {

	@TempDir
	static Path dir;

	private static PemFiles pem;

	@BeforeAll
	static void certificates() {
		pem = TestCertificates.create(dir);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "keystore.certificate", "keystore.private-key", "truststore.certificate" })
	void aPemFileThatIsNotThereIsNamedWithItsPath(String property, CapturedOutput output) {
		List<String> arguments = new ArrayList<>(pem.serverBundleArguments("upcase"));
		String setting = "spring.ssl.bundle.pem.upcase." + property;
		arguments.replaceAll(argument -> argument.startsWith("--" + setting + "=") ? "--" + setting + "=file:nope.pem"
				: argument);
		arguments.addAll(List.of("--upcase.tcp.ssl.bundle=upcase", "--upcase.tcp.ssl.client-auth=need"));
		assertThatException().isThrownBy(() -> UpcaseServer.start(arguments.toArray(String[]::new)));
		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("upcase cannot start with " + setting + "=file:nope.pem (set by \"" + setting
					+ "\" from property source \"commandLineArgs\"): " + Path.of("nope.pem").toAbsolutePath()
					+ " does not exist.")
			.contains("Point " + setting + " at the file")
			.doesNotContain("\tat ", "FileNotFoundException", "Caused by");
	}

	@Test
	void aKeyStoreThatIsNotThereIsNamedWithItsPath(CapturedOutput output) {
		Path missing = dir.resolve("nowhere").resolve("upcase.p12");
		assertThatException().isThrownBy(() -> UpcaseServer.start("--upcase.tcp.ssl.bundle=store",
				"--spring.ssl.bundle.jks.store.keystore.location=" + missing,
				"--spring.ssl.bundle.jks.store.keystore.password=secret"));
		assertThat(output.getOut()).contains("upcase cannot start with spring.ssl.bundle.jks.store.keystore.location="
				+ missing + " (set by").contains(": " + missing + " does not exist.").doesNotContain("\tat ", "secret");
	}

	@Test
	void aWatchedFileThatIsNotThereIsNamedToo(CapturedOutput output) {
		assertThatException().isThrownBy(() -> UpcaseServer.start("--upcase.tcp.ssl.bundle=upcase",
				"--spring.ssl.bundle.pem.upcase.keystore.certificate=" + PemFiles.location(pem.serverCert()),
				"--spring.ssl.bundle.pem.upcase.keystore.private-key=file:" + dir.resolve("gone.key"),
				"--spring.ssl.bundle.pem.upcase.reload-on-update=true"));
		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("upcase cannot start with spring.ssl.bundle.pem.upcase.keystore.private-key=file:"
					+ dir.resolve("gone.key") + " (set by")
			.doesNotContain("keystore.certificate=", "\tat ");
	}

	@Test
	void anEcKeyOfAnotherCertificateStopsTheStart(CapturedOutput output) {
		assertThatException().isThrownBy(() -> UpcaseServer.start(
				bundle(pem.serverCert(), pem.otherHostKey(), "--upcase.tcp.ssl.bundle=upcase")));
		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("SSL bundle 'upcase' cannot be used: its private key (EC) does not belong to its certificate "
					+ "CN=localhost (EC).")
			.contains("Give the bundle the key its certificate was issued for")
			.doesNotContain("\tat ");
	}

	@Test
	void anRsaKeyOfAnotherCertificateStopsTheStart(CapturedOutput output) throws Exception {
		X509Bundle one = rsa("CN=one");
		X509Bundle two = rsa("CN=two");
		Path certificate = Files.writeString(dir.resolve("one.crt"), one.getCertificatePEM());
		Path key = Files.writeString(dir.resolve("two.key"), two.getPrivateKeyPEM());
		assertThatException().isThrownBy(() -> UpcaseServer.start(bundle(certificate, key, "--upcase.tcp.ssl.bundle=upcase")));
		assertThat(output.getOut())
			.contains("its private key (RSA) does not belong to its certificate CN=one (RSA).")
			.doesNotContain("\tat ");
	}

	@Test
	void aKeyOfAnotherAlgorithmStopsTheStart(CapturedOutput output) throws Exception {
		Path key = Files.writeString(dir.resolve("rsa.key"), rsa("CN=rsa").getPrivateKeyPEM());
		assertThatException().isThrownBy(() -> UpcaseServer.start(bundle(pem.serverCert(), key, "--upcase.tcp.ssl.bundle=upcase")));
		assertThat(output.getOut()).contains("its private key (RSA) does not belong to its certificate CN=localhost (EC).");
	}

	@Test
	void aKeyStoreEntryWhoseKeyIsAnotherCertificatesStopsTheStart(CapturedOutput output) throws Exception {
		X509Bundle one = rsa("CN=one");
		X509Bundle two = rsa("CN=two");
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setKeyEntry("upcase", two.getKeyPair().getPrivate(), "secret".toCharArray(),
				new Certificate[] { one.getCertificate() });
		Path file = dir.resolve("mismatch.p12");
		try (OutputStream out = Files.newOutputStream(file)) {
			store.store(out, "secret".toCharArray());
		}
		assertThatException().isThrownBy(() -> UpcaseServer.start("--upcase.tcp.ssl.bundle=store",
				"--spring.ssl.bundle.jks.store.keystore.location=file:" + file,
				"--spring.ssl.bundle.jks.store.keystore.password=secret",
				"--spring.ssl.bundle.jks.store.keystore.type=PKCS12"));
		assertThat(output.getOut()).contains("SSL bundle 'store' cannot be used: its private key (RSA) does not belong "
				+ "to its certificate CN=one (RSA).").doesNotContain("\tat ");
	}

	@Test
	void aMatchingRsaPairStarts() throws Exception {
		X509Bundle one = rsa("CN=one");
		Path certificate = Files.writeString(dir.resolve("good.crt"), one.getCertificatePEM());
		Path key = Files.writeString(dir.resolve("good.key"), one.getPrivateKeyPEM());
		try (UpcaseServer server = UpcaseServer.start(bundle(certificate, key, "--upcase.tcp.ssl.bundle=upcase"))) {
			assertThat(server.tcpPort()).isPositive();
		}
	}

	@Test
	void aRenewalToAPairThatDoesNotBelongTogetherIsRefusedAndTheOldCertificateStays(CapturedOutput output)
			throws IOException {
		Path certificate = Files.copy(pem.serverCert(), dir.resolve("live.crt"), StandardCopyOption.REPLACE_EXISTING);
		Path key = Files.copy(pem.serverKey(), dir.resolve("live.key"), StandardCopyOption.REPLACE_EXISTING);
		try (UpcaseServer server = UpcaseServer.start(bundle(certificate, key, "--upcase.tcp.ssl.bundle=upcase",
				"--spring.ssl.bundle.pem.upcase.reload-on-update=true",
				"--spring.ssl.bundle.watch.file.quiet-period=100ms"))) {
			assertThat(exchange(server, "before")).isEqualTo("BEFORE");
			// a new certificate without its key: the renewal half done
			Files.copy(pem.otherHostCert(), certificate, StandardCopyOption.REPLACE_EXISTING);
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> output.getOut().contains("SSL bundle 'upcase' changed but cannot be used"));
			assertThat(output.getOut()).containsPattern("SSL bundle 'upcase' changed but cannot be used \\(.*its private "
					+ "key \\(EC\\) does not belong to its certificate CN=elsewhere.invalid \\(EC\\)\\); new connections "
					+ "keep the previous certificate")
				.doesNotContain("SSL bundle 'upcase' reloaded");
			assertThat(exchange(server, "after")).as("still the old certificate, for 127.0.0.1").isEqualTo("AFTER");
			// ... and the other half: the pair belongs together again, and is served
			Files.copy(pem.otherHostKey(), key, StandardCopyOption.REPLACE_EXISTING);
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> output.getOut().contains("SSL bundle 'upcase' reloaded"));
			try (SSLSocket socket = connect(trusting(pem.caCert()), server.tcpPort(), false)) {
				socket.startHandshake();
				assertThat(((X509Certificate) socket.getSession().getPeerCertificates()[0])
					.getSubjectX500Principal()
					.getName()).isEqualTo("CN=" + TestCertificates.OTHER_HOST);
			}
		}
	}

	/** One line over TLS, checking the certificate is for 127.0.0.1 and signed by the test CA. */
	private static String exchange(UpcaseServer server, String line) throws IOException {
		try (SSLSocket socket = connect(trusting(pem.caCert()), server.tcpPort())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream().flush();
			return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
		}
	}

	private static String[] bundle(Path certificate, Path key, String... more) {
		List<String> arguments = new ArrayList<>(List.of(
				"--spring.ssl.bundle.pem.upcase.keystore.certificate=" + PemFiles.location(certificate),
				"--spring.ssl.bundle.pem.upcase.keystore.private-key=" + PemFiles.location(key),
				"--upcase.tcp.framing=line"));
		arguments.addAll(List.of(more));
		return arguments.toArray(String[]::new);
	}

	/** @return an RSA certificate and its key, from an RSA CA made for it (only a CA signs itself here) */
	private static X509Bundle rsa(String subject) throws Exception {
		X509Bundle authority = new CertificateBuilder().subject("CN=RSA CA for " + subject)
			.algorithm(CertificateBuilder.Algorithm.rsa2048)
			.setIsCertificateAuthority(true)
			.setKeyUsage(true, CertificateBuilder.KeyUsage.keyCertSign)
			.buildSelfSigned();
		return new CertificateBuilder().subject(subject)
			.algorithm(CertificateBuilder.Algorithm.rsa2048)
			.setKeyUsage(true, CertificateBuilder.KeyUsage.digitalSignature)
			.buildIssuedBy(authority);
	}

}
