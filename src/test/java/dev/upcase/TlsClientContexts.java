package dev.upcase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import dev.upcase.TestCertificates.PemFiles;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/** JDK TLS clients for the tests, from the PEM files of {@link TestCertificates}, through Spring Boot's PEM bundles. */
public final class TlsClientContexts {

	private TlsClientContexts() {
	}

	/** @return a client context that trusts only {@code ca} and shows no certificate */
	public static SSLContext trusting(Path ca) {
		return context(null, null, ca);
	}

	/** @return a client context that trusts only {@code ca} and shows {@code certificate} */
	public static SSLContext identified(Path certificate, Path key, Path ca) {
		return context(certificate, key, ca);
	}

	/**
	 * @return a TLS socket to {@code 127.0.0.1:port}, checking that the server's certificate is for
	 * {@code 127.0.0.1} (the handshake runs at the first read or write)
	 */
	public static SSLSocket connect(SSLContext context, int port) {
		return connect(context, port, true);
	}

	/**
	 * @param checkHostName whether the certificate must be for {@code 127.0.0.1}, or only signed by a trusted CA
	 * @return a TLS socket to {@code 127.0.0.1:port} (the handshake runs at the first read or write)
	 */
	public static SSLSocket connect(SSLContext context, int port, boolean checkHostName) {
		try {
			SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
			if (checkHostName) {
				SSLParameters parameters = socket.getSSLParameters();
				parameters.setEndpointIdentificationAlgorithm("HTTPS");
				socket.setSSLParameters(parameters);
			}
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static SSLContext context(@Nullable Path certificate, @Nullable Path key, Path ca) {
		PemSslStoreDetails keyStore = certificate != null && key != null ? PemSslStoreDetails
			.forCertificate(PemFiles.location(certificate))
			.withPrivateKey(PemFiles.location(key)) : null;
		return SslBundle.of(new PemSslStoreBundle(keyStore, PemSslStoreDetails.forCertificate(PemFiles.location(ca))))
			.createSslContext();
	}

}
