package dev.upcase.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.integration.ip.tcp.connection.TcpNetConnectionSupport;

/**
 * TLS on the client's TCP connections ({@code --tls}): which CA to trust, and the client's own certificate for a
 * server that asks for one ({@code upcase.tcp.ssl.client-auth}). The PEM files are read with Spring Boot's own SSL
 * bundle classes, as the server reads its {@code spring.ssl.bundle.pem.*}: no PEM parsing of our own. Their key
 * managers are wrapped to note when a server asks for a client certificate ({@link CertificateRequests}).
 *
 * @param ca the CA certificate(s) to trust ({@code --ca}); without it the JDK's default trust store
 * @param certificate the client's certificate (chain), {@code --cert}
 * @param privateKey the client's private key: PKCS#8, PKCS#1 or SEC 1, or encrypted PKCS#8 ({@code --key})
 * @param keyPassword the password of an encrypted private key ({@code --key-password})
 */
public record ClientTls(@Nullable Path ca, @Nullable Path certificate, @Nullable Path privateKey,
		@Nullable String keyPassword) {

	/** Without a key password. */
	public ClientTls(@Nullable Path ca, @Nullable Path certificate, @Nullable Path privateKey) {
		this(ca, certificate, privateKey, null);
	}

	/** Never the password: settings may be logged. */
	@Override
	public String toString() {
		return "ClientTls[ca=" + this.ca + ", certificate=" + this.certificate + ", privateKey=" + this.privateKey
				+ ", keyPassword=" + ((this.keyPassword != null) ? "******" : null) + "]";
	}

	/**
	 * @return the SSL context for these files
	 * @throws IllegalArgumentException naming the option whose file cannot be read or is not what it should be
	 */
	SSLContext sslContext() {
		PemSslStoreDetails trusted = (this.ca != null)
				? PemSslStoreDetails.forCertificates(certificates("--ca", this.ca)) : null;
		PemSslStoreDetails own = null;
		if (this.certificate != null && this.privateKey != null) {
			own = PemSslStoreDetails.forCertificates(certificates("--cert", this.certificate))
				.withPrivateKey(privateKey("--key", this.privateKey, this.keyPassword))
				.withPrivateKeyPassword(this.keyPassword);
		}
		try {
			SslBundle bundle = SslBundle.of(new PemSslStoreBundle(own, trusted));
			SslManagerBundle managers = bundle.getManagers();
			SSLContext context = SSLContext.getInstance(bundle.getProtocol());
			context.init(CertificateRequests.recording(managers.getKeyManagers()), managers.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot make a TLS context: " + ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("cannot make a TLS context of --ca, --cert and --key: " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * The connections' TLS handshake, done as soon as the socket is connected, within the client's timeout. Left to
	 * itself the JDK shakes hands at the first read or write: on the connection's reader thread, or in the middle of
	 * sending a request, where a certificate problem would reach the user as a mere closed connection.
	 * @param next what makes the connection once the handshake is done
	 * @param timeout the longest wait for the server's side of the handshake (a server that does not speak TLS
	 * may never answer)
	 * @return a connection support that fails the connection attempt with a {@link HandshakeException}
	 */
	static TcpNetConnectionSupport handshakeFirst(TcpNetConnectionSupport next, Duration timeout) {
		return (socket, server, lookupHost, publisher, factoryName) -> {
			handshake(socket, timeout);
			return next.createNewConnection(socket, server, lookupHost, publisher, factoryName);
		};
	}

	private static void handshake(Socket socket, Duration timeout) {
		try {
			int readTimeout = socket.getSoTimeout();
			socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
			((SSLSocket) socket).startHandshake();
			socket.setSoTimeout(readTimeout);
		}
		catch (IOException ex) {
			closeQuietly(socket);
			throw new UncheckedIOException(new HandshakeException(ex));
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing is all we wanted
		}
	}

	private static String certificates(String option, Path file) {
		return checked(option, file, (content) -> {
			if (content.getCertificates().isEmpty()) {
				throw new IllegalStateException("no certificate in it");
			}
		});
	}

	private static String privateKey(String option, Path file, @Nullable String password) {
		return checked(option, file, (content) -> {
			boolean encrypted = content.toString().contains("-----BEGIN ENCRYPTED PRIVATE KEY-----");
			if (encrypted && password == null) {
				throw new IllegalArgumentException("the key is encrypted: give its password with --key-password");
			}
			try {
				content.getPrivateKey(password);
			}
			catch (IllegalStateException ex) {
				if (encrypted) {
					throw new IllegalArgumentException("cannot decrypt it with --key-password (a wrong password?)", ex);
				}
				throw ex;
			}
		});
	}

	/** @return the file's text, once {@code check} found in it what it should hold */
	private static String checked(String option, Path file, Consumer<PemContent> check) {
		String text;
		try {
			text = Files.readString(file, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(option + " " + file + ": cannot read it (" + ex + ")", ex);
		}
		try {
			check.accept(PemContent.of(text));
		}
		catch (IllegalArgumentException ex) { // the check's own words
			throw new IllegalArgumentException(option + " " + file + ": " + ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(option + " " + file + " is not a PEM file of the right kind: "
					+ ex.getMessage(), ex);
		}
		return text;
	}

	/** The TLS handshake failed: its cause says how ({@link TlsFailures} reads it). */
	static final class HandshakeException extends IOException {

		private static final long serialVersionUID = 1L;

		HandshakeException(IOException cause) {
			super("TLS handshake failed: " + cause.getMessage(), cause);
		}

	}

}
