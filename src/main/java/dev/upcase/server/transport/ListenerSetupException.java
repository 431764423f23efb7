package dev.upcase.server.transport;

/**
 * An endpoint cannot listen as configured (port in use, a live server on the socket file, a TLS bundle without a
 * key): startup fails with the problem and what to change, and no stack trace ({@link ListenerSetupFailureAnalyzer}).
 */
public class ListenerSetupException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String action;

	public ListenerSetupException(String problem, String action) {
		super(problem);
		this.action = action;
	}

	String action() {
		return this.action;
	}

}
