package dev.upcase.client.bench;

/**
 * One worker's connection in a bench run, on a thread of its own: a stream ({@link StreamWorker}) or a UDP socket
 * ({@link DatagramWorker}). The run ({@link BenchRun}) is the same for both: it connects every worker before the
 * clock starts, lets them drive, and sums up what they report.
 */
interface BenchWorker extends AutoCloseable {

	/**
	 * Opens the connection, so that a server that is not there fails the bench before the clock starts.
	 * @throws RuntimeException the connection's failure
	 */
	void connect();

	/**
	 * Keeps the connection's window of requests in flight, checking each reply and reporting it, until the run
	 * stops.
	 * @throws RuntimeException when the connection fails: the worker stops, and the run counts it as an error
	 */
	void drive(Outcomes outcomes);

	@Override
	void close();

	/** What a worker reports to its run, from the worker's thread. */
	interface Outcomes {

		/** @return whether to go on sending requests */
		boolean running();

		/**
		 * A request got its reply: its latency counts, if the clock runs (a wrong reply is also reported as a
		 * {@link #mismatch()}).
		 */
		void answered(long sentNanoTime);

		/** A reply was not the uppercase of its request. */
		void mismatch();

		/** A datagram or its reply was lost: no reply within the client's {@code --timeout}. */
		void lost();

		/** {@code --reconnect}: a failed connection was replaced by a new one. */
		void reconnected();

		/** {@code --reconnect}: a request without a reply was sent again on the new connection. */
		void resent();

		/** {@code --reconnect}: the worker gave up (no new connection in time) with this many requests unanswered. */
		void unanswered(int requests);

	}

}
