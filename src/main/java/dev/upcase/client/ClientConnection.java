package dev.upcase.client;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * What the client's connections tell beyond Spring Integration's {@code TcpConnection}: why their reader stopped.
 * A connection that the server ended with a reason (a TLS alert: "certificate_required") is closed by its reader
 * thread; whoever sends next, or waits for a reply next, only sees a closed socket unless it asks for the reason.
 */
interface ClientConnection {

	/**
	 * How long a sender whose socket was closed under it waits for the reader's reason. The JDK's TLS socket closes
	 * itself on a fatal alert before the alert's exception has left the reader's read call; that read then ends
	 * at once, so the wait is short, but it is needed.
	 */
	Duration REASON_WAIT = Duration.ofSeconds(2);

	/**
	 * @param wait how long to wait for the reader to end, if it has not yet
	 * @return what ended the connection's reads (the cause, not its unchecked wrapper), if they have ended
	 */
	@Nullable Exception readFailure(Duration wait);

	/** @return the exception a read threw, without the {@link UncheckedIOException} around an I/O failure */
	static Exception cause(Exception failure) {
		return (failure instanceof UncheckedIOException unchecked) ? unchecked.getCause() : failure;
	}

	/** The end of a connection's reads, as its reader saw it. */
	final class ReadEnd {

		private final CountDownLatch ended = new CountDownLatch(1);

		private volatile @Nullable Exception reason;

		/** @param failure what the read threw: the cause is kept, without an {@link UncheckedIOException} around it */
		void failed(Exception failure) {
			this.reason = cause(failure);
			this.ended.countDown();
		}

		@Nullable Exception reason(Duration wait) {
			try {
				this.ended.await(wait.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return this.reason;
		}

	}

}
