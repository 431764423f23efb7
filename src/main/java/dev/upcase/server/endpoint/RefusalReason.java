package dev.upcase.server.endpoint;

/**
 * Why a connection was refused before it became one (no open or close line, not in opened/closed): the
 * {@code reason} tag of {@code upcase.connections.rejected}, and the setting an operator would change.
 */
public enum RefusalReason {

	/** The listener was paused, draining or stopped. */
	NOT_ACCEPTING("not-accepting"),

	/** The endpoint had {@code upcase.tcp.max-connections} open already. */
	MAX_CONNECTIONS("max-connections"),

	/**
	 * The endpoint expects a PROXY protocol header first, and the connection's was missing, malformed or late, or
	 * it went away before sending one.
	 */
	PROXY_PROTOCOL("proxy-protocol");

	private final String tag;

	RefusalReason(String tag) {
		this.tag = tag;
	}

	/** @return the value of the metric's {@code reason} tag */
	public String tag() {
		return this.tag;
	}

}
