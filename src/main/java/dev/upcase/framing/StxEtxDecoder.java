package dev.upcase.framing;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;

/**
 * {@code stx-etx}: STX (0x02), the message, ETX (0x03). Anything but STX where a message starts is refused at
 * once (Netty's delimiter decoder would only notice at the next ETX); the search for ETX resumes where it stopped.
 */
final class StxEtxDecoder extends ByteToMessageDecoder implements MessageDecoder {

	static final byte STX = 0x02;

	static final byte ETX = 0x03;

	private final int maxMessageBytes;

	/** Whether an STX has been read and its ETX not yet. */
	private boolean inMessage;

	/** Bytes of the message (after its STX) known to hold no ETX. */
	private int searched;

	StxEtxDecoder(int maxMessageBytes) {
		this.maxMessageBytes = maxMessageBytes;
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		while (in.isReadable()) {
			if (!this.inMessage) {
				byte first = in.readByte();
				if (first != STX) {
					throw new CorruptedFrameException(String.format("expected STX (0x02) to start a message, got 0x%02x",
							first));
				}
				this.inMessage = true;
				this.searched = 0;
			}
			int etx = in.indexOf(in.readerIndex() + this.searched, in.writerIndex(), ETX);
			if (etx < 0) {
				this.searched = in.readableBytes();
				if (this.searched > this.maxMessageBytes) {
					throw FrameErrors.tooLong(this.maxMessageBytes, "no ETX within the limit");
				}
				return;
			}
			int length = etx - in.readerIndex();
			if (length > this.maxMessageBytes) {
				throw FrameErrors.tooLong(this.maxMessageBytes, "no ETX within the limit");
			}
			out.add(in.readRetainedSlice(length));
			in.skipBytes(1);
			this.inMessage = false;
		}
	}

	@Override
	public int heldBytes() {
		return actualReadableBytes() + (this.inMessage ? 1 : 0);
	}

}
