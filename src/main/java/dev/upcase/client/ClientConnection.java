package dev.upcase.client;

import java.io.UncheckedIOException;

import org.jspecify.annotations.Nullable;

/**
 * What the client's connections tell beyond Spring Integration's {@code TcpConnection}: why their reader stopped.
 * A connection that the server ended with a reason (a TLS alert: "certificate_required") is closed by its reader
 * thread; whoever sends next, or waits for a reply next, only sees a closed socket unless it asks for the reason.
 */
interface ClientConnection {

	/** @return what ended the connection's reads (the cause, not its unchecked wrapper), if they have ended */
	@Nullable Exception readFailure();

	/** @return the exception a read threw, without the {@link UncheckedIOException} around an I/O failure */
	static Exception cause(RuntimeException failure) {
		return (failure instanceof UncheckedIOException unchecked) ? unchecked.getCause() : failure;
	}

}
