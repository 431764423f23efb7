package dev.upcase.server.tcp;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;

import javax.net.ssl.SSLException;

import dev.upcase.server.transport.ListenerSetupException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

/**
 * TLS for the TCP endpoint, from a Spring Boot SSL bundle ({@code upcase.tcp.ssl.bundle}): the certificate and key,
 * the trust store for client certificates, and the protocols and ciphers all come from {@code spring.ssl.bundle.*}.
 * When the bundle reloads (its files changed, {@code reload-on-update=true}), new connections get the new
 * certificate; connections already open keep theirs.
 */
final class TlsContext {

	private static final Logger log = LoggerFactory.getLogger(TlsContext.class);

	private final String bundleName;

	private final TcpProperties.Ssl settings;

	private final SslProvider provider;

	private volatile SslContext context;

	TlsContext(SslBundles bundles, TcpProperties.Ssl settings) {
		this.bundleName = settings.bundle();
		this.settings = settings;
		SslBundle bundle;
		try {
			bundle = bundles.getBundle(this.bundleName);
		}
		catch (NoSuchSslBundleException ex) {
			throw new ListenerSetupException("upcase.tcp.ssl.bundle=" + this.bundleName + " names no SSL bundle",
					"Define it, e.g. --spring.ssl.bundle.pem." + this.bundleName + ".keystore.certificate=file:tls.crt "
							+ "--spring.ssl.bundle.pem." + this.bundleName + ".keystore.private-key=file:tls.key "
							+ "(bundles defined: " + bundles.getBundleNames() + ")");
		}
		this.provider = provider(settings.engine());
		TlsRenegotiation.refuseClientInitiated();
		this.context = build(bundle);
		log.info("TLS on the TCP endpoint with SSL bundle '{}' ({}): {}; client certificates: {}", this.bundleName,
				this.provider == SslProvider.JDK ? "the JDK's SSLEngine" : OpenSsl.versionString(), describe(bundle),
				settings.clientAuth().tag());
		if (!TlsRenegotiation.refused(this.provider)) {
			log.warn("TLS clients may renegotiate (-D{}={}): each renegotiation costs the server a handshake; remove "
					+ "the property to refuse them", TlsRenegotiation.PROPERTY, System.getProperty(TlsRenegotiation.PROPERTY));
		}
		bundles.addBundleUpdateHandler(this.bundleName, this::reload);
	}

	/** A handler for a new connection, from the context as it is now. */
	SslHandler newHandler(ByteBufAllocator allocator) {
		SslHandler handler = this.context.newHandler(allocator);
		handler.setHandshakeTimeoutMillis(this.settings.handshakeTimeout().toMillis());
		return handler;
	}

	private void reload(SslBundle bundle) {
		try {
			this.context = build(bundle);
			log.info("SSL bundle '{}' reloaded: new connections get {}", this.bundleName, describe(bundle));
		}
		catch (RuntimeException ex) {
			log.error("SSL bundle '{}' changed but cannot be used ({}); new connections keep the previous certificate",
					this.bundleName, ex.getMessage());
		}
	}

	private static SslProvider provider(TcpProperties.Engine engine) {
		if (engine == TcpProperties.Engine.JDK) {
			return SslProvider.JDK;
		}
		if (!OpenSsl.isAvailable()) {
			throw new ListenerSetupException("upcase.tcp.ssl.engine=openssl but BoringSSL cannot be loaded here ("
					+ OpenSsl.unavailabilityCause() + ")",
					"Use upcase.tcp.ssl.engine=jdk; BoringSSL is bundled for Linux on x86_64 and aarch64 with glibc, "
							+ "and needs a writable temporary directory to unpack its library into");
		}
		return SslProvider.OPENSSL;
	}

	private SslContext build(SslBundle bundle) {
		if (bundle.getStores().getKeyStore() == null) {
			throw new ListenerSetupException("SSL bundle '" + this.bundleName + "' has no key store",
					"A server needs its certificate and private key: spring.ssl.bundle.pem." + this.bundleName
							+ ".keystore.certificate and .keystore.private-key");
		}
		String mismatch = KeyCertificateMatch.mismatch(bundle);
		if (mismatch != null) {
			throw new ListenerSetupException("SSL bundle '" + this.bundleName + "' cannot be used: " + mismatch,
					"Give the bundle the key its certificate was issued for (spring.ssl.bundle.pem." + this.bundleName
							+ ".keystore.certificate and .private-key, or the entry in the key store); a matching "
							+ "pair prints the same public key: openssl x509 -in tls.crt -noout -pubkey, "
							+ "openssl pkey -in tls.key -pubout");
		}
		ClientAuth clientAuth = this.settings.clientAuth().netty();
		SslContextBuilder builder = SslContextBuilder.forServer(bundle.getManagers().getKeyManagerFactory())
			.sslProvider(this.provider)
			.clientAuth(clientAuth);
		if (clientAuth != ClientAuth.NONE) {
			if (bundle.getStores().getTrustStore() == null) {
				throw new ListenerSetupException(
						"upcase.tcp.ssl.client-auth=" + this.settings.clientAuth().tag()
								+ " but SSL bundle '" + this.bundleName + "' has no trust store to check client "
								+ "certificates against",
						"Add the CA that signs client certificates: spring.ssl.bundle.pem." + this.bundleName
								+ ".truststore.certificate=file:ca.crt");
			}
			builder.trustManager(bundle.getManagers().getTrustManagerFactory());
		}
		SslOptions options = bundle.getOptions();
		if (options.getEnabledProtocols() != null) {
			builder.protocols(options.getEnabledProtocols());
		}
		if (options.getCiphers() != null) {
			builder.ciphers(List.of(options.getCiphers()));
		}
		try {
			return builder.build();
		}
		catch (SSLException ex) {
			throw new ListenerSetupException("SSL bundle '" + this.bundleName + "' cannot be used: " + ex.getMessage(),
					"Check the bundle's certificate, key, protocols and ciphers (spring.ssl.bundle.*)");
		}
	}

	/** @return the server certificate's subject and expiry, for the log */
	private static String describe(SslBundle bundle) {
		KeyStore keyStore = bundle.getStores().getKeyStore();
		try {
			for (String alias : Collections.list(keyStore.aliases())) {
				Certificate certificate = keyStore.getCertificate(alias);
				if (certificate instanceof X509Certificate x509) {
					return "certificate " + x509.getSubjectX500Principal().getName() + ", valid until "
							+ x509.getNotAfter().toInstant();
				}
			}
		}
		catch (KeyStoreException ex) {
			return "a certificate that cannot be listed (" + ex.getMessage() + ")";
		}
		return "no X.509 certificate";
	}

}
