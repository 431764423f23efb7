package dev.upcase.client.bench;

import java.util.ArrayDeque;
import java.util.Deque;

import dev.upcase.client.RequestStream;

/**
 * A bench worker on a stream connection (TCP, TLS, a Unix socket): the server answers each connection in request
 * order, so the <em>n</em>-th reply belongs to the <em>n</em>-th request.
 */
final class StreamWorker implements BenchWorker {

	private final RequestStream connection;

	private final RandomRequests requests;

	StreamWorker(RequestStream connection, RandomRequests requests) {
		this.connection = connection;
		this.requests = requests;
	}

	@Override
	public void connect() {
		this.connection.connect();
	}

	@Override
	public void drive(Outcomes outcomes) {
		Deque<Sent> inFlight = new ArrayDeque<>(this.connection.window());
		while (outcomes.running()) {
			while (inFlight.size() < this.connection.window()) {
				int index = this.requests.next();
				inFlight.add(new Sent(index, System.nanoTime()));
				this.connection.send(this.requests.request(index));
			}
			byte[] reply = this.connection.nextReply();
			Sent sent = inFlight.remove();
			outcomes.answered(sent.nanoTime());
			if (!this.requests.isCorrectReply(sent.index(), reply)) {
				outcomes.mismatch();
			}
		}
	}

	@Override
	public void close() {
		this.connection.close();
	}

	/** A request waiting for its reply: which one, and since when. */
	private record Sent(int index, long nanoTime) {
	}

}
