package dev.upcase.framing;

import java.nio.ByteOrder;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * {@code length}: Netty's length-field decoder for a 4-byte big-endian length before the message. A header over
 * the limit, or negative, fails at once, before any body byte is held; the body is held only as it arrives, never
 * allocated from what the header announces.
 */
final class LengthDecoder extends LengthFieldBasedFrameDecoder implements MessageDecoder {

	static final int HEADER_BYTES = 4;

	private final int maxMessageBytes;

	LengthDecoder(int maxMessageBytes) {
		super(maxMessageBytes + HEADER_BYTES, 0, HEADER_BYTES, 0, HEADER_BYTES, true);
		this.maxMessageBytes = maxMessageBytes;
	}

	/** Reads the header as Netty does, and refuses a bad one in the words operators read on the close line. */
	@Override
	protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
		int announced = buf.getInt(offset);
		if (announced < 0) {
			throw new CorruptedFrameException("negative length header " + announced);
		}
		if (announced > this.maxMessageBytes) {
			throw FrameErrors.tooLong(this.maxMessageBytes, "length header says " + announced);
		}
		return announced;
	}

	@Override
	public int heldBytes() {
		return actualReadableBytes();
	}

}
