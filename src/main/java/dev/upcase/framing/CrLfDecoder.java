package dev.upcase.framing;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * {@code crlf}: a message ends at CR LF; a lone CR or LF is data. Netty's {@code DelimiterBasedFrameDecoder} would
 * fit the meaning, but it searches the whole buffer again on every read, so one long message arriving in many
 * reads costs time quadratic in its length; this one remembers how far it has searched.
 */
final class CrLfDecoder extends ByteToMessageDecoder implements MessageDecoder {

	private final int maxMessageBytes;

	/** Bytes from the reader index known to hold no CR LF. */
	private int searched;

	CrLfDecoder(int maxMessageBytes) {
		this.maxMessageBytes = maxMessageBytes;
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		while (true) {
			int start = in.readerIndex();
			int lf = in.indexOf(start + this.searched, in.writerIndex(), (byte) '\n');
			if (lf < 0) {
				this.searched = in.readableBytes();
				if (in.readableBytes() > this.maxMessageBytes + 1) { // + a CR that may still be followed by LF
					throw FrameErrors.tooLong(this.maxMessageBytes, "no CR LF within the limit");
				}
				return;
			}
			if (lf > start && in.getByte(lf - 1) == '\r') {
				int length = lf - 1 - start;
				if (length > this.maxMessageBytes) {
					throw FrameErrors.tooLong(this.maxMessageBytes, "no CR LF within the limit");
				}
				out.add(in.readRetainedSlice(length));
				in.skipBytes(2);
				this.searched = 0;
			}
			else {
				this.searched = lf + 1 - start; // a lone LF is data: search on after it
			}
		}
	}

	@Override
	public int heldBytes() {
		return actualReadableBytes();
	}

}
