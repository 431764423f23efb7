package dev.upcase.tcp.framing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.util.Arrays;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * The seed's framing: no delimiter, whatever one read delivered is one message (at most {@code maxMessageBytes};
 * a longer burst becomes several messages). Stock {@code ByteArrayRawSerializer} reads to end of stream instead,
 * which would answer nothing until the client hung up.
 * <p>
 * A multi-byte character split across two reads must still be uppercased whole, so an incomplete character at
 * the end of a read is pushed back into the connection's input and starts the next message.
 */
final class RawChunkCodec implements FrameCodec {

	private final int maxMessageBytes;

	private final CharacterBoundary boundary;

	RawChunkCodec(int maxMessageBytes, CharacterBoundary boundary) {
		this.maxMessageBytes = maxMessageBytes;
		this.boundary = boundary;
	}

	@Override
	public byte[] deserialize(InputStream in) throws IOException {
		int first = in.read(); // blocks until the next read delivers something
		if (first < 0) {
			throw new SoftEndOfStreamException("closed between messages");
		}
		int length = 1 + Math.min(in.available(), this.maxMessageBytes - 1);
		byte[] chunk = new byte[length];
		chunk[0] = (byte) first;
		length = 1 + in.readNBytes(chunk, 1, length - 1);
		int tail = this.boundary.incompleteTail(chunk, length);
		while (tail == length && length < this.maxMessageBytes) {
			// nothing but the start of one character so far: wait for the rest of it
			int next = in.read();
			if (next < 0) {
				break; // never completed: pass the bytes through as they are
			}
			chunk = Arrays.copyOf(chunk, length + 1);
			chunk[length++] = (byte) next;
			tail = this.boundary.incompleteTail(chunk, length);
		}
		if (tail > 0 && tail < length) {
			pushBack(in, chunk, length - tail, tail);
			length -= tail;
		}
		return length == chunk.length ? chunk : Arrays.copyOf(chunk, length);
	}

	private static void pushBack(InputStream in, byte[] bytes, int offset, int length) throws IOException {
		if (!(in instanceof PushbackInputStream pushback)) {
			throw new IllegalStateException("raw framing needs a connection input that can push bytes back");
		}
		pushback.unread(bytes, offset, length);
	}

	@Override
	public void serialize(byte[] payload, OutputStream out) throws IOException {
		out.write(payload);
	}

	@Override
	public int pushbackBytes() {
		return this.boundary == CharacterBoundary.NONE ? 0 : CharacterBoundary.MAX_TAIL_BYTES;
	}

}
