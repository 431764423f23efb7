package dev.upcase.framing;

import java.util.Arrays;

/**
 * The bytes of one message while it arrives: starts small, grows by doubling, never past its limit, so a
 * 32-byte line costs a 64-byte array rather than a {@code max-message-bytes} one.
 */
final class FrameBuffer {

	private static final int INITIAL_CAPACITY = 64;

	private final int limit;

	private byte[] bytes;

	private int count;

	FrameBuffer(int limit) {
		this.limit = limit;
		this.bytes = new byte[Math.min(INITIAL_CAPACITY, Math.max(limit, 1))];
	}

	/**
	 * @return {@code false} (and nothing appended) when the buffer already holds {@code limit} bytes
	 */
	boolean append(int b) {
		if (this.count == this.bytes.length) {
			if (this.count >= this.limit) {
				return false;
			}
			this.bytes = Arrays.copyOf(this.bytes, (int) Math.min((long) this.count * 2, this.limit));
		}
		this.bytes[this.count++] = (byte) b;
		return true;
	}

	int size() {
		return this.count;
	}

	/** @return whether the last bytes equal {@code suffix} without its final byte */
	boolean endsWithAllButLast(byte[] suffix) {
		int n = suffix.length - 1;
		if (this.count < n) {
			return false;
		}
		for (int i = 0; i < n; i++) {
			if (this.bytes[this.count - n + i] != suffix[i]) {
				return false;
			}
		}
		return true;
	}

	/** @return a copy of the first {@code length} bytes */
	byte[] toArray(int length) {
		return Arrays.copyOf(this.bytes, length);
	}

}
