package dev.upcase.server.tcp;

import io.netty.handler.ssl.SslProvider;

/**
 * Client-initiated TLS renegotiation (TLS 1.2 and older: TLS 1.3 has none) is refused: a client could otherwise make
 * the server redo the costly half of a handshake at will, on one connection, with no new connection to count or
 * limit. BoringSSL never renegotiates as a server. The JDK's engine does, unless the JDK's own switch, the system
 * property {@code jdk.tls.rejectClientInitiatedRenegotiation}, is {@code true}; then it answers a client's new
 * ClientHello with a fatal alert ({@code handshake_failure}), and the connection closes with reason {@code tls}.
 * <p>
 * The JDK reads that property once, when the first server-side handshake of the JVM begins (not when an
 * {@code SSLContext} is made): so the server's {@code main} sets it before anything else runs, and the TLS endpoint
 * sets it again when it is created, for a JVM that starts the server in-process. An operator who sets it to
 * {@code false} on the command line keeps renegotiation, and the TLS log line says so.
 */
public final class TlsRenegotiation {

	static final String PROPERTY = "jdk.tls.rejectClientInitiatedRenegotiation";

	private TlsRenegotiation() {
	}

	/** Refuses client-initiated renegotiation on the JDK's engine, unless the command line said otherwise. */
	public static void refuseClientInitiated() {
		if (System.getProperty(PROPERTY) == null) {
			System.setProperty(PROPERTY, "true");
		}
	}

	/** @return whether a client's renegotiation is refused on this engine */
	static boolean refused(SslProvider provider) {
		return provider != SslProvider.JDK || Boolean.parseBoolean(System.getProperty(PROPERTY));
	}

}
