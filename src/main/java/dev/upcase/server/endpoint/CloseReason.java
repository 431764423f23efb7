package dev.upcase.server.endpoint;

/**
 * Why a connection ended: logged with the close, and the tag operators filter on.
 */
public enum CloseReason {

	/** The client closed or reset the connection. */
	CLIENT,

	/** Nothing arrived for {@code upcase.tcp.idle-timeout}. */
	IDLE,

	/** A message over {@code upcase.tcp.max-message-bytes}. */
	OVERSIZE,

	/** A frame the framing does not accept (a negative length, no STX, …). */
	MALFORMED,

	/** The client stopped reading its replies: too many unsent, or none taken for the write timeout. */
	SLOW,

	/** The TLS handshake failed: no common protocol or cipher, an untrusted certificate, plain text. */
	TLS,

	/** An operator closed it (admin API); the detail names who. */
	ADMIN,

	/** The server is stopping, or its endpoint is draining. */
	SHUTDOWN,

	/** An unexpected failure on this connection. */
	ERROR;

	/** @return the lower-case name used in logs and metric tags */
	public String tag() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
