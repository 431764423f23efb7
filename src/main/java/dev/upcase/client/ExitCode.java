package dev.upcase.client;

/**
 * What {@code upcase client} tells its caller through its exit status; {@code docs/cli.md} has the same table.
 */
public enum ExitCode {

	OK(0, "the reply (or every reply) came back"),

	ERROR(1, "an unexpected error (--verbose shows its stack trace)"),

	USAGE(2, "a bad option or argument"),

	CONNECTION_REFUSED(3, "cannot connect: connection refused, or the host is unreachable"),

	UNKNOWN_HOST(4, "cannot connect: the host name does not resolve"),

	TIMEOUT(5, "no reply (or no connection) within --timeout"),

	CLOSED_BY_SERVER(6, "the server closed the connection before it replied"),

	BENCH_FAILED(7, "bench: a request failed, a reply was wrong, or (--udp) none came back"),

	TLS(8, "TLS failed: a certificate untrusted, not for the host, or refused"),

	/** 128 + SIGINT, what shells report for a program stopped by Ctrl-C. */
	INTERRUPTED(130, "interrupted by Ctrl-C");

	private final int status;

	private final String meaning;

	ExitCode(int status, String meaning) {
		this.status = status;
		this.meaning = meaning;
	}

	public int status() {
		return this.status;
	}

	public String meaning() {
		return this.meaning;
	}

}
