package dev.upcase.client.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A bench worker's requests: random lowercase ASCII letters, each with the reply it must get (the same letters,
 * uppercase). A small pool is made up front and cycled, so that making requests costs the bench nothing while
 * it measures.
 */
final class RandomRequests {

	/** How many different requests a worker cycles through. */
	static final int POOL = 64;

	private final byte[][] requests = new byte[POOL][];

	private final byte[][] replies = new byte[POOL][];

	private int next;

	RandomRequests(int size, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < POOL; i++) {
			byte[] request = new byte[size];
			byte[] reply = new byte[size];
			for (int j = 0; j < size; j++) {
				request[j] = (byte) ('a' + random.nextInt(26));
				reply[j] = (byte) (request[j] - 'a' + 'A');
			}
			this.requests[i] = request;
			this.replies[i] = reply;
		}
	}

	/** @return the index of the next request to send */
	int next() {
		this.next = (this.next + 1) % POOL;
		return this.next;
	}

	byte[] request(int index) {
		return this.requests[index];
	}

	/** @return whether {@code reply} is the right one for the request at {@code index} */
	boolean isCorrectReply(int index, byte[] reply) {
		return Arrays.equals(reply, this.replies[index]);
	}

	/**
	 * @param length how many bytes of {@code reply} hold the reply
	 * @return whether the reply is as long as the right one for the request at {@code index}, and the same from
	 * byte {@code from} on (the bytes before are the caller's to check)
	 */
	boolean isCorrectReplyFrom(int from, int index, byte[] reply, int length) {
		byte[] right = this.replies[index];
		return length == right.length && Arrays.equals(reply, from, length, right, from, length);
	}

}
