package dev.upcase.client;

import java.io.EOFException;
import java.net.Socket;
import java.net.SocketException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * Which TLS connections the server asked for a client certificate, to tell the user why such a server closed one.
 * <p>
 * With TLS 1.3 the server judges the client's certificate, or its absence, after the client's side of the handshake
 * is done, and says so with an alert just before it closes the connection. By then the client has sent its first
 * request; unread on the server when it closes, it makes the server's kernel reset the connection, and the reset
 * can overtake the alert: Linux drops received data that the client has not read yet. What is left to explain the
 * close is that the server asked for a certificate: the JDK asks the key manager for one only then.
 */
final class CertificateRequests {

	private static final Set<Socket> REQUESTED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	private CertificateRequests() {
	}

	/** @return the key managers, noting each socket whose server asks them for a client certificate */
	static KeyManager[] recording(KeyManager[] managers) {
		return Arrays.stream(managers)
			.map(manager -> (manager instanceof X509KeyManager x509) ? new Recording(x509) : manager)
			.toArray(KeyManager[]::new);
	}

	/**
	 * @param failure what ended the connection's reads
	 * @param replied whether a reply came first (then the close is not the certificate's doing)
	 * @return {@code failure}, or a {@link ClientCertificateRefusedException} if the server asked for a client
	 * certificate and then closed the connection before any reply
	 */
	static Exception explain(Socket socket, Exception failure, boolean replied) {
		if (isClose(failure) && !replied && REQUESTED.contains(socket)) {
			return new ClientCertificateRefusedException(failure);
		}
		return failure;
	}

	/**
	 * @return whether the failure says no more than that the connection closed: reset, ended, or closed under the
	 * reader by a failed send (somewhere in its causes, as the JDK's TLS socket may wrap it)
	 */
	static boolean isClose(Exception failure) {
		for (@Nullable Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ClientCertificateRefusedException) {
				return false;
			}
			if (cause instanceof SocketException || cause instanceof EOFException
					|| cause instanceof SoftEndOfStreamException) {
				return true;
			}
		}
		return false;
	}

	/** The server asked for a client certificate, then closed the connection before it replied to anything. */
	static final class ClientCertificateRefusedException extends SSLException {

		private static final long serialVersionUID = 1L;

		/**
		 * @param closed how the close was seen: kept for {@code --verbose}, as a suppressed exception and not as the
		 * cause, because Spring Integration's gateway proxy rethrows the first unchecked exception among an exception's
		 * causes — here its own {@code SoftEndOfStreamException} ("Socket closed when getting input stream", when a
		 * failed send had closed the socket before the reader's first read) — and this explanation would be lost
		 * behind a bare "closed the connection" (exit code 6 instead of 8, depending on which thread saw the close
		 * first)
		 */
		ClientCertificateRefusedException(Exception closed) {
			super("the server asked for a client certificate, then closed the connection before any reply");
			addSuppressed(closed);
		}

	}

	private static final class Recording extends X509ExtendedKeyManager {

		private final X509KeyManager delegate;

		Recording(X509KeyManager delegate) {
			this.delegate = delegate;
		}

		@Override
		public @Nullable String chooseClientAlias(String[] keyType, Principal @Nullable [] issuers,
				@Nullable Socket socket) {
			if (socket != null) {
				REQUESTED.add(socket);
			}
			return this.delegate.chooseClientAlias(keyType, issuers, socket);
		}

		@Override
		public @Nullable String chooseEngineClientAlias(String[] keyType, Principal @Nullable [] issuers,
				@Nullable SSLEngine engine) {
			return (this.delegate instanceof X509ExtendedKeyManager extended)
					? extended.chooseEngineClientAlias(keyType, issuers, engine) : null;
		}

		@Override
		public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
			return this.delegate.getClientAliases(keyType, issuers);
		}

		@Override
		public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
			return this.delegate.getServerAliases(keyType, issuers);
		}

		@Override
		public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers,
				@Nullable Socket socket) {
			return this.delegate.chooseServerAlias(keyType, issuers, socket);
		}

		@Override
		public X509Certificate @Nullable [] getCertificateChain(String alias) {
			return this.delegate.getCertificateChain(alias);
		}

		@Override
		public @Nullable PrivateKey getPrivateKey(String alias) {
			return this.delegate.getPrivateKey(alias);
		}

	}

}
