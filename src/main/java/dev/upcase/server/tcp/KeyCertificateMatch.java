package dev.upcase.server.tcp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;

/**
 * Whether the private key of an SSL bundle belongs to the certificate served with it. Neither Java's key stores nor
 * Spring Boot's PEM bundles check it by default, and a pair that does not belong together starts fine; the first
 * client then fails the handshake with {@code Invalid CertificateVerify signature}, which points everywhere but at
 * the key. The test: a probe signed with the private key must verify with the public key of the leaf certificate
 * (the first of the chain, the one a client checks), whatever the algorithm (RSA, EC, EdDSA).
 */
final class KeyCertificateMatch {

	private static final byte[] PROBE = "upcase: does this key belong to this certificate?"
		.getBytes(StandardCharsets.UTF_8);

	private KeyCertificateMatch() {
	}

	/**
	 * @return what is wrong with the bundle's key and certificate, or {@code null} when each key entry's private key
	 * belongs to its leaf certificate (or when the check cannot tell: a key it cannot read, an algorithm it does not
	 * know; the handshake is then the judge, as before)
	 */
	static @Nullable String mismatch(SslBundle bundle) {
		KeyStore keyStore = bundle.getStores().getKeyStore();
		String alias = bundle.getKey().getAlias();
		try {
			for (String entry : (alias != null) ? List.of(alias) : Collections.list(keyStore.aliases())) {
				if (!keyStore.isKeyEntry(entry)) {
					continue;
				}
				PrivateKey key = privateKey(keyStore, entry, password(bundle));
				Certificate[] chain = keyStore.getCertificateChain(entry);
				if (key == null || chain == null || chain.length == 0) {
					continue;
				}
				if (!belongs(key, chain[0].getPublicKey())) {
					return "its private key (" + key.getAlgorithm() + ") does not belong to its certificate "
							+ subject(chain[0]) + " (" + chain[0].getPublicKey().getAlgorithm() + ")"
							+ elsewhereInChain(key, chain);
				}
			}
			return null;
		}
		catch (GeneralSecurityException ex) {
			return null;
		}
	}

	private static String elsewhereInChain(PrivateKey key, Certificate[] chain) {
		for (int i = 1; i < chain.length; i++) {
			if (belongs(key, chain[i].getPublicKey())) {
				return "; it belongs to certificate " + (i + 1) + " of the chain, " + subject(chain[i])
						+ ": the server's own certificate must come first";
			}
		}
		return "";
	}

	/** @return whether a signature by {@code key} verifies with {@code publicKey}; true when that cannot be told */
	private static boolean belongs(PrivateKey key, PublicKey publicKey) {
		if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
			return false;
		}
		String algorithm = switch (key.getAlgorithm()) {
			case "RSA" -> "SHA256withRSA";
			case "EC" -> "SHA256withECDSA";
			case "DSA" -> "SHA256withDSA";
			case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
			default -> null; // e.g. RSASSA-PSS keys, whose signatures need parameters: left to the handshake
		};
		if (algorithm == null) {
			return true;
		}
		try {
			Signature signer = Signature.getInstance(algorithm);
			signer.initSign(key);
			signer.update(PROBE);
			byte[] signature = signer.sign();
			Signature verifier = Signature.getInstance(algorithm);
			verifier.initVerify(publicKey);
			verifier.update(PROBE);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			return false; // e.g. an EC key on another curve than the certificate's
		}
	}

	/** As Spring Boot opens the key for the TLS key manager: the key's password, else the store's. */
	private static @Nullable String password(SslBundle bundle) {
		String password = bundle.getKey().getPassword();
		return (password != null) ? password : bundle.getStores().getKeyStorePassword();
	}

	private static @Nullable PrivateKey privateKey(KeyStore keyStore, String alias, @Nullable String password) {
		for (char[] attempt : new char[][] { (password != null) ? password.toCharArray() : null, new char[0] }) {
			try {
				Key key = keyStore.getKey(alias, attempt);
				if (key instanceof PrivateKey privateKey) {
					return privateKey;
				}
			}
			catch (GeneralSecurityException ex) {
				// try the next; a key that cannot be opened at all fails the key manager, which says why
			}
		}
		return null;
	}

	private static String subject(Certificate certificate) {
		return (certificate instanceof X509Certificate x509) ? x509.getSubjectX500Principal().getName()
				: certificate.getType();
	}

}
