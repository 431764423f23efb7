package dev.upcase;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

import dev.upcase.TestCertificates.PemFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The test certificates are what the TLS tests take them for: Spring Boot reads them as a PEM bundle, the server's
 * and the client's chain up to the CA (and not to the other CA), and the server's names are right.
 */
class TestCertificatesTest {

	@TempDir
	Path dir;

	@Test
	void springBootReadsTheServerFilesAsAPemBundle() throws Exception {
		PemFiles files = TestCertificates.create(this.dir);
		PemSslStoreBundle stores = new PemSslStoreBundle(
				PemSslStoreDetails.forCertificate(TestCertificates.PemFiles.location(files.serverCert()))
					.withPrivateKey(TestCertificates.PemFiles.location(files.serverKey())),
				PemSslStoreDetails.forCertificate(TestCertificates.PemFiles.location(files.caCert())));
		KeyStore keyStore = stores.getKeyStore();
		assertThat(keyStore).isNotNull();
		assertThat(keyStore.size()).isEqualTo(1);
		assertThat(SslBundle.of(stores).createSslContext().getProtocol()).isEqualTo("TLS");
	}

	@Test
	void serverAndClientChainToTheCaOnlyAndTheServerIsForLocalhost() throws Exception {
		PemFiles files = TestCertificates.create(this.dir);
		X509Certificate ca = read(files.caCert());
		X509Certificate server = read(files.serverCert());
		validate(read(files.serverCert()), ca);
		validate(read(files.clientCert()), ca);
		validate(read(files.otherHostCert()), ca);
		validate(read(files.strangerCert()), read(files.otherCaCert()));
		assertThatExceptionOfType(CertPathValidatorException.class)
			.isThrownBy(() -> validate(read(files.strangerCert()), ca));
		assertThatExceptionOfType(CertPathValidatorException.class)
			.isThrownBy(() -> validate(server, read(files.otherCaCert())));
		assertThat(server.getSubjectAlternativeNames()).extracting(name -> (Object) name.get(1))
			.containsExactlyInAnyOrderElementsOf(TestCertificates.SERVER_NAMES);
		assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
		assertThat(read(files.clientCert()).getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2"); // clientAuth
	}

	private static X509Certificate read(Path pem) throws Exception {
		List<X509Certificate> certificates = PemContent.load(pem).getCertificates();
		assertThat(certificates).hasSize(1);
		return certificates.get(0);
	}

	private static void validate(X509Certificate certificate, X509Certificate trusted) throws Exception {
		PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(trusted, null)));
		parameters.setRevocationEnabled(false);
		CertPathValidator.getInstance("PKIX")
			.validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)), parameters);
	}

}
