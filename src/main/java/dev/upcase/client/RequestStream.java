package dev.upcase.client;

/**
 * A connection seen as a stream of requests: requests go out, their replies come back in the same order, and at
 * most {@link #window()} requests wait for their replies at a time. Used by one thread only (a bench worker).
 */
public interface RequestStream extends AutoCloseable {

	/** @return how many requests may be in flight */
	int window();

	/** Opens the connection, so that a server that is not there fails the bench before the clock starts. */
	void connect();

	void send(byte[] request);

	/** @return the reply to the oldest request without one, waiting for it at most the client's timeout */
	byte[] nextReply();

	/**
	 * Gives up the connection after a failure (end-of-stream, a reset, no reply in time) and opens a new one: no
	 * reply from the old connection is returned after this, so the requests it had not answered can be sent again.
	 * @throws RuntimeException when the new connection cannot be opened
	 */
	void reconnect();

	@Override
	void close();

	/**
	 * Request and reply through the {@link UpcaseClient} gateway, on the worker thread's own connection: one request
	 * in flight, its reply there as soon as {@link #send} returns.
	 */
	final class ThroughGateway implements RequestStream {

		private final ExchangeClient client;

		private byte[] reply = new byte[0];

		public ThroughGateway(ExchangeClient client) {
			this.client = client;
		}

		@Override
		public int window() {
			return 1;
		}

		@Override
		public void connect() {
			this.client.connect();
		}

		@Override
		public void send(byte[] request) {
			this.reply = this.client.exchange(request);
		}

		@Override
		public byte[] nextReply() {
			return this.reply;
		}

		/** A failed exchange has already released the thread's connection: the next one is new. */
		@Override
		public void reconnect() {
			this.client.connect();
		}

		@Override
		public void close() {
			// the connection belongs to the thread; the context closes it at the end of the run
		}

	}

}
