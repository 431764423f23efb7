package dev.upcase.client.bench;

/**
 * A UDP bench socket's requests, each carrying its number so that its reply can be told apart: UDP may lose,
 * reorder or duplicate datagrams, so the <em>n</em>-th reply is not known to answer the <em>n</em>-th request, as
 * it is on a stream.
 * <p>
 * The number is written in the request's first letters, base 26 ({@code a} = 0 … {@code z} = 25, the most
 * significant first), so that a request is still nothing but random lowercase letters and its reply, all
 * uppercase, names the same number ({@code A} = 0 …). The letters after the number are those of
 * {@link RandomRequests}' request {@code number % 64}. The whole request is thus a function of its number: any
 * reply can be checked byte for byte by itself, even a late one to a request already counted lost, which is then
 * recognised as such, never taken for a wrong reply.
 * <p>
 * Up to {@value #MAX_NUMBER_LETTERS} letters (308,915,776 numbers) are used, fewer when requests are shorter: a
 * 1-byte request can carry 26 numbers only, so at most 26 requests can be told apart in flight.
 */
final class NumberedRequests {

	static final int MAX_NUMBER_LETTERS = 6;

	private final RandomRequests random;

	private final int letters;

	private final long numbers;

	private final byte[] request;

	NumberedRequests(int size, long seed) {
		this.random = new RandomRequests(size, seed);
		this.letters = Math.min(size, MAX_NUMBER_LETTERS);
		this.numbers = numbers(size);
		this.request = new byte[size];
	}

	/** @return how many different numbers requests of {@code size} bytes carry */
	static long numbers(int size) {
		long numbers = 1;
		for (int i = 0; i < Math.min(size, MAX_NUMBER_LETTERS); i++) {
			numbers *= 26;
		}
		return numbers;
	}

	/** @return how many different numbers the requests carry: they count from 0 up to this, then again */
	long numbers() {
		return this.numbers;
	}

	/** @return the request with this number, in a buffer that the next call overwrites */
	byte[] request(long number) {
		byte[] letters = this.random.request(poolIndex(number));
		System.arraycopy(letters, 0, this.request, 0, letters.length);
		long rest = number;
		for (int i = this.letters - 1; i >= 0; i--) {
			this.request[i] = (byte) ('a' + rest % 26);
			rest /= 26;
		}
		return this.request;
	}

	/**
	 * @param length how many bytes of {@code reply} hold the reply
	 * @return the number of the request that {@code reply} answers if it is that request's correct reply (the
	 * uppercase of it, byte for byte), else -1: a wrong reply
	 */
	long numberOf(byte[] reply, int length) {
		if (length < this.letters) {
			return -1;
		}
		long number = 0;
		for (int i = 0; i < this.letters; i++) {
			int digit = reply[i] - 'A';
			if (digit < 0 || digit >= 26) {
				return -1;
			}
			number = number * 26 + digit;
		}
		return this.random.isCorrectReplyFrom(this.letters, poolIndex(number), reply, length) ? number : -1;
	}

	private static int poolIndex(long number) {
		return (int) (number % RandomRequests.POOL);
	}

}
