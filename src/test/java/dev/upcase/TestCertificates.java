package dev.upcase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

/**
 * Certificates for the TLS tests, made at test time (no key is ever committed) with Netty's test PKI, and written as
 * PEM files, the form Spring Boot's PEM SSL bundles ({@code spring.ssl.bundle.pem.*}) and the client's
 * {@code --ca}/{@code --cert}/{@code --key} read:
 * <ul>
 * <li>a CA, which signed a server certificate for {@code localhost} and {@code 127.0.0.1}, a client certificate,
 * and a server certificate for another host name ({@code elsewhere.invalid}: a hostname mismatch);</li>
 * <li>another CA, unrelated, which signed a client certificate: trusting it alone is trusting the wrong CA, and its
 * client is a stranger to a server that trusts the first CA.</li>
 * </ul>
 * Elliptic-curve keys (P-256): made in milliseconds, where RSA keys take a noticeable time on a loaded machine.
 */
public final class TestCertificates {

	/** The host names the server certificate is for. */
	public static final List<String> SERVER_NAMES = List.of("localhost", "127.0.0.1");

	/** The host name the mismatched server certificate is for. */
	public static final String OTHER_HOST = "elsewhere.invalid";

	private TestCertificates() {
	}

	/**
	 * The PEM files, each holding one certificate or one PKCS#8 private key.
	 *
	 * @param caCert the CA that signed the server and client certificates
	 * @param serverCert the server's certificate, for {@link TestCertificates#SERVER_NAMES}
	 * @param serverKey the server's private key
	 * @param clientCert the client's certificate (client authentication)
	 * @param clientKey the client's private key
	 * @param otherCaCert an unrelated CA: a client trusting only it refuses the server, a server trusting only it
	 * refuses the client
	 * @param otherHostCert a certificate from {@code caCert} for {@link TestCertificates#OTHER_HOST} only
	 * @param otherHostKey its private key
	 * @param strangerCert a client certificate from {@code otherCaCert}
	 * @param strangerKey its private key
	 */
	public record PemFiles(Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey,
			Path otherCaCert, Path otherHostCert, Path otherHostKey, Path strangerCert, Path strangerKey) {

		/**
		 * The server's side as Spring Boot properties: a PEM SSL bundle named {@code bundle} with the server's
		 * certificate and key, and the CA as its trust store (what client certificates are checked against).
		 * @return command-line arguments, e.g. for {@code UpcaseServer.start(...)}
		 */
		public List<String> serverBundleArguments(String bundle) {
			return bundleArguments(bundle, this.serverCert, this.serverKey, this.caCert);
		}

		/** @return Spring Boot properties for a PEM SSL bundle named {@code bundle} with these three files */
		public static List<String> bundleArguments(String bundle, Path certificate, Path privateKey, Path trusted) {
			String prefix = "--spring.ssl.bundle.pem." + bundle + ".";
			return List.of(prefix + "keystore.certificate=" + location(certificate),
					prefix + "keystore.private-key=" + location(privateKey),
					prefix + "truststore.certificate=" + location(trusted));
		}

		/** @return the file as a Spring resource location, {@code file:/...} */
		public static String location(Path file) {
			return "file:" + file.toAbsolutePath();
		}

	}

	/**
	 * Makes a fresh set of certificates and writes them into {@code dir} (e.g. a JUnit {@code @TempDir}).
	 */
	public static PemFiles create(Path dir) {
		try {
			X509Bundle ca = authority("CN=upcase test CA");
			X509Bundle server = leaf("CN=localhost").addSanDnsName("localhost")
				.addSanIpAddress("127.0.0.1")
				.addExtendedKeyUsageServerAuth()
				.buildIssuedBy(ca);
			X509Bundle client = leaf("CN=upcase test client").addExtendedKeyUsageClientAuth().buildIssuedBy(ca);
			X509Bundle otherHost = leaf("CN=" + OTHER_HOST).addSanDnsName(OTHER_HOST)
				.addExtendedKeyUsageServerAuth()
				.buildIssuedBy(ca);
			X509Bundle otherCa = authority("CN=another CA");
			X509Bundle stranger = leaf("CN=stranger").addExtendedKeyUsageClientAuth().buildIssuedBy(otherCa);
			return new PemFiles(write(dir, "ca.crt", ca.getCertificatePEM()),
					write(dir, "server.crt", server.getCertificatePEM()),
					write(dir, "server.key", server.getPrivateKeyPEM()),
					write(dir, "client.crt", client.getCertificatePEM()),
					write(dir, "client.key", client.getPrivateKeyPEM()),
					write(dir, "other-ca.crt", otherCa.getCertificatePEM()),
					write(dir, "other-host.crt", otherHost.getCertificatePEM()),
					write(dir, "other-host.key", otherHost.getPrivateKeyPEM()),
					write(dir, "stranger.crt", stranger.getCertificatePEM()),
					write(dir, "stranger.key", stranger.getPrivateKeyPEM()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot make the test certificates", ex);
		}
	}

	private static X509Bundle authority(String subject) throws Exception {
		return new CertificateBuilder().subject(subject)
			.setIsCertificateAuthority(true)
			.setKeyUsage(true, CertificateBuilder.KeyUsage.keyCertSign, CertificateBuilder.KeyUsage.cRLSign)
			.buildSelfSigned();
	}

	private static CertificateBuilder leaf(String subject) {
		return new CertificateBuilder().subject(subject)
			.setKeyUsage(true, CertificateBuilder.KeyUsage.digitalSignature);
	}

	private static Path write(Path dir, String name, String pem) throws IOException {
		return Files.writeString(dir.resolve(name), pem, StandardCharsets.US_ASCII);
	}

}
