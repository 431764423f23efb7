package dev.upcase.client.bench;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

import dev.upcase.client.RequestStream;
import org.jspecify.annotations.Nullable;

/**
 * A bench worker on a stream connection (TCP, TLS, a Unix socket): the server answers each connection in request
 * order, so the <em>n</em>-th reply belongs to the <em>n</em>-th request.
 * <p>
 * With {@code --reconnect} it does what docs/operations.md asks of a client: when the connection fails (the
 * server's end-of-stream after a drain, a reset, no reply within the timeout), it opens a new one and sends again,
 * in order, every request that had no reply; at the end of the run it waits for the replies still owed. It gives up
 * only when no new connection opens within the client's timeout; the requests then without a reply are counted as
 * unanswered.
 */
final class StreamWorker implements BenchWorker {

	/** Between two attempts to reconnect: a balancer or a server that is restarting needs a moment. */
	private static final long RETRY_MILLIS = 50;

	private final RequestStream connection;

	private final RandomRequests requests;

	/** How long to keep trying to reconnect, or {@code null} without {@code --reconnect}. */
	private final @Nullable Duration reconnectFor;

	StreamWorker(RequestStream connection, RandomRequests requests, @Nullable Duration reconnectFor) {
		this.connection = connection;
		this.requests = requests;
		this.reconnectFor = reconnectFor;
	}

	@Override
	public void connect() {
		this.connection.connect();
	}

	@Override
	public void drive(Outcomes outcomes) {
		Deque<Sent> inFlight = new ArrayDeque<>(this.connection.window());
		while (outcomes.running()) {
			try {
				while (inFlight.size() < this.connection.window()) {
					int index = this.requests.next();
					inFlight.add(new Sent(index, System.nanoTime()));
					this.connection.send(this.requests.request(index));
				}
				answer(inFlight.remove(), this.connection.nextReply(), outcomes);
			}
			catch (RuntimeException ex) {
				recover(ex, inFlight, outcomes);
			}
		}
		if (this.reconnectFor != null) {
			while (!inFlight.isEmpty()) { // the replies still owed at the end of the run
				try {
					answer(inFlight.peek(), this.connection.nextReply(), outcomes);
					inFlight.remove();
				}
				catch (RuntimeException ex) {
					recover(ex, inFlight, outcomes);
				}
			}
		}
	}

	private void answer(Sent sent, byte[] reply, Outcomes outcomes) {
		outcomes.answered(sent.nanoTime());
		if (!this.requests.isCorrectReply(sent.index(), reply)) {
			outcomes.mismatch();
		}
	}

	/**
	 * Without {@code --reconnect}, the failure ends the worker (the run counts it as an error). With it: a new
	 * connection, and every request without a reply sent again on it, oldest first.
	 */
	private void recover(RuntimeException failure, Deque<Sent> inFlight, Outcomes outcomes) {
		if (this.reconnectFor == null) {
			throw failure;
		}
		long giveUp = System.nanoTime() + this.reconnectFor.toNanos();
		RuntimeException last = failure;
		while (true) {
			try {
				this.connection.reconnect();
				outcomes.reconnected();
				for (Sent sent : inFlight) {
					this.connection.send(this.requests.request(sent.index()));
					outcomes.resent();
				}
				return;
			}
			catch (RuntimeException ex) {
				last = ex;
			}
			if (System.nanoTime() - giveUp > 0) {
				outcomes.unanswered(inFlight.size());
				throw last;
			}
			sleep(RETRY_MILLIS);
		}
	}

	private static void sleep(long millis) {
		try {
			TimeUnit.MILLISECONDS.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while reconnecting", ex);
		}
	}

	@Override
	public void close() {
		this.connection.close();
	}

	/** A request waiting for its reply: which one, and since when (a resent one keeps its first time). */
	private record Sent(int index, long nanoTime) {
	}

}
