package dev.upcase.client;

import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import dev.upcase.client.CertificateRequests.ClientCertificateRefusedException;
import dev.upcase.client.ClientTls.HandshakeException;
import org.jspecify.annotations.Nullable;

/**
 * A TLS failure as the user hears of it: which side refused what, and the option that would change it. The JDK
 * says it in its own words ("PKIX path building failed", "Received fatal alert: certificate_required"); these are
 * read from its exceptions' types and, for the alerts the server sends, from the alert's standard name.
 */
final class TlsFailures {

	/** How the JDK reports an alert from the other side; the name is the one RFC 8446 gives. */
	private static final Pattern ALERT = Pattern.compile("Received fatal alert: (\\w+)");

	/** Alerts a server sends about the client's certificate, or the lack of one. */
	private static final Set<String> CLIENT_CERTIFICATE_ALERTS = Set.of("certificate_required", "bad_certificate",
			"unsupported_certificate", "certificate_revoked", "certificate_expired", "certificate_unknown",
			"unknown_ca", "access_denied");

	private TlsFailures() {
	}

	/**
	 * @param cause one cause in the chain of a client failure
	 * @return the failure, if {@code cause} is a TLS failure: the handshake's, or an alert that ended the connection
	 * after it (with TLS 1.3 the server checks the client's certificate after the client's side of the handshake is
	 * done, so a refusal arrives on the first read)
	 */
	static @Nullable ClientFailure of(Throwable cause, ClientSettings settings) {
		if (!(cause instanceof HandshakeException) && !(cause instanceof SSLException)) {
			return null;
		}
		String address = settings.address();
		ClientTls tls = settings.tls();
		if (find(cause, CertPathBuilderException.class) != null || find(cause, CertPathValidatorException.class) != null) {
			String trusted = (tls != null && tls.ca() != null) ? "the CA in --ca " + tls.ca()
					: "the JDK's trusted CAs (give the server's CA with --ca)";
			return failure(address + "'s certificate is not trusted: it is not signed by " + trusted + " ("
					+ innermostMessage(cause) + ")");
		}
		CertificateException certificate = find(cause, CertificateException.class);
		if (certificate != null) {
			// what is left once the chain is trusted: the JDK's host name check
			return failure(address + "'s certificate is not for host " + settings.host() + " ("
					+ certificate.getMessage() + ")");
		}
		String alert = alert(cause);
		boolean refusedWithoutAlert = find(cause, ClientCertificateRefusedException.class) != null;
		if (refusedWithoutAlert || (alert != null && CLIENT_CERTIFICATE_ALERTS.contains(alert))) {
			String why = refusedWithoutAlert ? "it asked for one, then closed the connection" : alert;
			return failure((tls == null || tls.certificate() == null)
					? address + " requires a client certificate (give one with --cert and --key)"
					: address + " refused the client certificate in --cert " + tls.certificate() + " (" + why + ")");
		}
		if (alert != null) {
			return failure("the TLS handshake with " + address + " failed: the server says " + alert);
		}
		if (find(cause, SocketTimeoutException.class) != null) {
			return failure("no TLS handshake with " + address + " within " + settings.timeoutText()
					+ ": does the server speak TLS on this port?");
		}
		String detail = innermostMessage(cause);
		if (cause instanceof HandshakeException) {
			boolean closed = find(cause, EOFException.class) != null || find(cause, SocketException.class) != null
					|| detail.contains("terminated the handshake");
			return failure(address + (closed ? " closed the connection during the TLS handshake" : " does not answer in TLS")
					+ ": does it speak TLS on this port? (" + detail + ")");
		}
		return failure("TLS with " + address + " failed: " + detail);
	}

	private static ClientFailure failure(String message) {
		return new ClientFailure(ExitCode.TLS, message);
	}

	private static @Nullable String alert(Throwable failure) {
		for (@Nullable Throwable cause = failure; cause != null; cause = cause.getCause()) {
			Matcher matcher = ALERT.matcher(String.valueOf(cause.getMessage()));
			if (matcher.find()) {
				return matcher.group(1);
			}
		}
		return null;
	}

	private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
		for (@Nullable Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	private static String innermostMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

}
