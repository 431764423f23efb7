package dev.upcase.framing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * Messages that end with a delimiter (LF, or CR LF). The delimiter is not part of the message; the reply gets
 * the same delimiter back.
 */
final class DelimiterCodec implements FrameCodec {

	private final int maxMessageBytes;

	private static final byte[] NO_BYTES = {};

	private final byte[] delimiter;

	DelimiterCodec(int maxMessageBytes, byte... delimiter) {
		this.maxMessageBytes = maxMessageBytes;
		this.delimiter = delimiter.clone();
	}

	@Override
	public FrameDecoder newDecoder() {
		return new Decoder();
	}

	@Override
	public void serialize(byte[] payload, OutputStream out) throws IOException {
		out.write(payload);
		out.write(this.delimiter);
	}

	private final class Decoder implements FrameDecoder {

		/** What a blocking read has of a message. */
		private @Nullable FrameBuffer message;

		/** Bytes taken in bulk and not yet returned: a message's start, or whole messages and the next's start. */
		private byte[] held = NO_BYTES;

		private int heldCount;

		/** How far {@link #held} is known to hold no delimiter. */
		private int scanned;

		@Override
		public byte @Nullable [] next(InputStream in, int limit) throws IOException {
			return limit == BLOCKING ? nextBlocking(in) : nextInBulk(in, limit);
		}

		/** Bytes that have arrived: take them in one read, find the delimiter in the array. */
		private byte @Nullable [] nextInBulk(InputStream in, int limit) throws IOException {
			byte[] delimiter = DelimiterCodec.this.delimiter;
			int most = DelimiterCodec.this.maxMessageBytes + delimiter.length; // never hold more without a delimiter
			int budget = limit;
			while (true) {
				int end = indexOfDelimiter();
				if (end >= 0) {
					byte[] message = Arrays.copyOf(this.held, end);
					int next = end + delimiter.length;
					System.arraycopy(this.held, next, this.held, 0, this.heldCount - next);
					this.heldCount -= next;
					this.scanned = 0;
					return message;
				}
				this.scanned = Math.max(0, this.heldCount - delimiter.length + 1);
				if (this.heldCount >= most) {
					throw new MessageTooLargeException(DelimiterCodec.this.maxMessageBytes, "no delimiter within the limit");
				}
				int want = Math.min(budget, most - this.heldCount);
				if (want <= 0) {
					if (this.heldCount == 0) {
						this.held = NO_BYTES; // an idle connection keeps no buffer
					}
					return null;
				}
				if (this.held.length < this.heldCount + want) {
					this.held = Arrays.copyOf(this.held, Math.max(this.heldCount + want, Math.min(most, this.held.length * 2)));
				}
				int n = in.read(this.held, this.heldCount, want);
				if (n < 0) {
					throw endOfStream(this.heldCount);
				}
				this.heldCount += n;
				budget -= n;
			}
		}

		private int indexOfDelimiter() {
			byte[] delimiter = DelimiterCodec.this.delimiter;
			for (int i = this.scanned; i <= this.heldCount - delimiter.length; i++) {
				if (this.held[i] == delimiter[0] && (delimiter.length == 1 || this.held[i + 1] == delimiter[1])) {
					return i;
				}
			}
			return -1;
		}

		/** A blocking stream: one byte at a time, so that nothing past the message is taken from it. */
		private byte @Nullable [] nextBlocking(InputStream in) throws IOException {
			byte last = DelimiterCodec.this.delimiter[DelimiterCodec.this.delimiter.length - 1];
			int before = DelimiterCodec.this.delimiter.length - 1;
			while (true) {
				int b = in.read();
				FrameBuffer buffer = this.message;
				if (b < 0) {
					throw endOfStream(buffer != null ? buffer.size() : 0);
				}
				if (buffer == null) {
					// room for a whole message plus the start of a delimiter that may still turn out to be data
					buffer = new FrameBuffer(DelimiterCodec.this.maxMessageBytes + before);
					this.message = buffer;
				}
				if (b == last && buffer.endsWithAllButLast(DelimiterCodec.this.delimiter)) {
					this.message = null;
					return buffer.toArray(buffer.size() - before);
				}
				if (!buffer.append(b)) {
					throw new MessageTooLargeException(DelimiterCodec.this.maxMessageBytes, "no delimiter within the limit");
				}
			}
		}

		private IOException endOfStream(int pending) {
			if (pending == 0) {
				throw new SoftEndOfStreamException("closed between messages");
			}
			return new TruncatedFrameException(pending);
		}

		@Override
		public int pendingBytes() {
			FrameBuffer buffer = this.message;
			return this.heldCount + (buffer != null ? buffer.size() : 0);
		}

	}

}
