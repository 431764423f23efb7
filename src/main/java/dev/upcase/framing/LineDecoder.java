package dev.upcase.framing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LineBasedFrameDecoder;
import org.jspecify.annotations.Nullable;

/**
 * {@code line}: Netty's line decoder, with one difference of meaning: only the LF ends a message, so a CR before
 * it stays part of the message (and comes back uppercased before the reply's LF). Netty's decoder remembers how
 * far it has searched, so a long line arriving in many reads is scanned once.
 */
final class LineDecoder extends LineBasedFrameDecoder implements MessageDecoder {

	private final int maxMessageBytes;

	LineDecoder(int maxMessageBytes) {
		// Netty's limit excludes a CR LF pair; the message here includes the CR, checked below
		super(maxMessageBytes + 1, false, true);
		this.maxMessageBytes = maxMessageBytes;
	}

	@Override
	protected @Nullable Object decode(ChannelHandlerContext ctx, ByteBuf buffer) throws Exception {
		ByteBuf line = (ByteBuf) super.decode(ctx, buffer); // over the limit, Netty fires its own TooLongFrameException
		if (line == null) {
			return null;
		}
		line.writerIndex(line.writerIndex() - 1); // the LF
		if (line.readableBytes() > this.maxMessageBytes) {
			line.release();
			throw FrameErrors.tooLong(this.maxMessageBytes, "no delimiter within the limit");
		}
		return line;
	}

	@Override
	public int heldBytes() {
		return actualReadableBytes();
	}

}
