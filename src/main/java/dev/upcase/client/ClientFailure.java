package dev.upcase.client;

import java.io.PrintStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

import dev.upcase.client.ReplyDeserializer.ServerClosedException;
import dev.upcase.framing.FramingException;
import dev.upcase.framing.TruncatedFrameException;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.MessageTimeoutException;

/**
 * A failure as the user hears of it: one line for stderr and an exit code, the seed's {@code connect_ex} way
 * (an error code, not a stack trace).
 *
 * @param exitCode what the process exits with
 * @param message the line, without the {@code upcase: } prefix
 */
public record ClientFailure(ExitCode exitCode, String message) {

	/**
	 * @param failure what the gateway or the connection factory threw; the cause that says what happened is
	 * somewhere in its chain of causes
	 * @param settings which server the client talked to
	 */
	static ClientFailure of(Throwable failure, ClientSettings settings) {
		String address = settings.address();
		for (@Nullable Throwable cause = failure; cause != null; cause = cause.getCause()) {
			ClientFailure tls = TlsFailures.of(cause, settings);
			if (tls != null) {
				return tls;
			}
			if (cause instanceof UnknownHostException) {
				return new ClientFailure(ExitCode.UNKNOWN_HOST,
						"cannot connect to " + address + ": unknown host " + settings.host());
			}
			if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
				return new ClientFailure(ExitCode.CONNECTION_REFUSED,
						"cannot connect to " + address + ": " + lowercaseFirst(cause.getMessage(), "connection refused"));
			}
			if (cause instanceof SocketTimeoutException && String.valueOf(cause.getMessage()).startsWith("Connect")) {
				return new ClientFailure(ExitCode.TIMEOUT,
						"cannot connect to " + address + ": no answer within " + settings.timeoutText());
			}
			if (cause instanceof MessageTimeoutException || cause instanceof SocketTimeoutException) {
				return new ClientFailure(ExitCode.TIMEOUT,
						"no reply from " + address + " within " + settings.timeoutText());
			}
			if (cause instanceof ServerClosedException || cause instanceof SocketException) {
				// our read saw the close; or a reset, a broken pipe, or our socket closed already because the
				// server had closed its side
				return new ClientFailure(ExitCode.CLOSED_BY_SERVER, address + " closed the connection before replying");
			}
			if (cause instanceof TruncatedFrameException) {
				return new ClientFailure(ExitCode.CLOSED_BY_SERVER,
						address + " closed the connection in the middle of a reply");
			}
			if (cause instanceof FramingException) {
				return new ClientFailure(ExitCode.ERROR, "cannot read the reply from " + address + ": "
						+ cause.getMessage() + " (is the server's framing " + settings.framing().configName() + "?)");
			}
		}
		return new ClientFailure(ExitCode.ERROR, lowercaseFirst(rootMessage(failure), failure.getClass().getName()));
	}

	/**
	 * Prints the failure's line on stderr, and its stack trace after it with {@code --verbose}.
	 * @return the failure, for its exit code
	 */
	public static ClientFailure report(Throwable failure, ClientSettings settings, PrintStream stderr) {
		ClientFailure clientFailure = of(failure, settings);
		stderr.println(clientFailure.line());
		if (settings.verbose()) {
			failure.printStackTrace(stderr);
		}
		return clientFailure;
	}

	/** @return the line as printed on stderr */
	String line() {
		return "upcase: " + this.message;
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root.getMessage() != null ? root.getMessage() : root.getClass().getName();
	}

	private static String lowercaseFirst(@Nullable String text, String fallback) {
		if (text == null || text.isEmpty()) {
			return fallback;
		}
		return text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
	}

}
