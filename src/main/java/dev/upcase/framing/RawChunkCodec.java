package dev.upcase.framing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * The seed's framing: no delimiter, whatever one read delivered is one message (at most {@code maxMessageBytes};
 * a longer burst becomes several messages). Stock {@code ByteArrayRawSerializer} reads to end of stream instead,
 * which would answer nothing until the client hung up.
 * <p>
 * A multi-byte character split across two reads must still be uppercased whole, so an incomplete character at
 * the end of a read is held back and starts the next message.
 */
final class RawChunkCodec implements FrameCodec {

	private static final byte[] NOTHING = {};

	private final int maxMessageBytes;

	private final CharacterBoundary boundary;

	RawChunkCodec(int maxMessageBytes, CharacterBoundary boundary) {
		this.maxMessageBytes = maxMessageBytes;
		this.boundary = boundary;
	}

	@Override
	public FrameDecoder newDecoder() {
		return new Decoder();
	}

	@Override
	public void serialize(byte[] payload, OutputStream out) throws IOException {
		out.write(payload);
	}

	private final class Decoder implements FrameDecoder {

		/** The start of a character the last read cut off. */
		private byte[] held = NOTHING;

		@Override
		public byte @Nullable [] next(InputStream in, int limit) throws IOException {
			int room = RawChunkCodec.this.maxMessageBytes - this.held.length;
			if (room <= 0) {
				return finish(); // a limit smaller than one character: pass its bytes through as they are
			}
			byte[] chunk = Arrays.copyOf(this.held, this.held.length + Math.min(limit, room));
			if (chunk.length == this.held.length) {
				return null;
			}
			int n = in.read(chunk, this.held.length, chunk.length - this.held.length); // one read, as the seed's recv
			if (n < 0) {
				if (this.held.length == 0) {
					throw new SoftEndOfStreamException("closed between messages");
				}
				return finish(); // pass an incomplete character through as it is, never drop it
			}
			int length = this.held.length + n;
			int tail = RawChunkCodec.this.boundary.incompleteTail(chunk, length);
			this.held = tail == 0 ? NOTHING : Arrays.copyOfRange(chunk, length - tail, length);
			if (tail == length) {
				return null;
			}
			return length - tail == chunk.length ? chunk : Arrays.copyOf(chunk, length - tail);
		}

		@Override
		public int pendingBytes() {
			return this.held.length;
		}

		@Override
		public byte @Nullable [] finish() {
			byte[] last = this.held;
			this.held = NOTHING;
			return last.length > 0 ? last : null;
		}

	}

}
