package dev.upcase.framing;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * {@code raw}: the seed's framing — whatever one read delivers is one message, cut into pieces of at most the
 * limit. No Netty decoder does this, because of one rule: a multi-byte character that a read cut in two must be
 * uppercased whole, so a read that ends inside a character is held, whole, for the next one — but only for
 * {@link #HOLD_MILLIS}: bytes that never become a character (binary, Latin-1 sent as UTF-8) are then answered as
 * they are, in one piece, so a client that sends once and reads once gets all of its bytes back at once.
 */
final class RawDecoder extends ChannelInboundHandlerAdapter implements MessageDecoder {

	/** How long the start of a character waits for the rest of it. */
	static final long HOLD_MILLIS = 20;

	private final int maxMessageBytes;

	private final CharacterBoundary boundary;

	private final boolean utf8;

	/** The last read (or its last piece), held because it ends inside a character. */
	private @Nullable ByteBuf held;

	private @Nullable ScheduledFuture<?> release;

	RawDecoder(int maxMessageBytes, CharacterBoundary boundary, boolean utf8) {
		this.maxMessageBytes = maxMessageBytes;
		this.boundary = boundary;
		this.utf8 = utf8;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof ByteBuf read)) {
			ctx.fireChannelRead(msg);
			return;
		}
		cancelRelease();
		ByteBuf chunk = prependHeld(ctx, read);
		try {
			while (chunk.isReadable()) {
				int piece = Math.min(chunk.readableBytes(), this.maxMessageBytes);
				int tail = incompleteTail(chunk, piece);
				if (tail > 0 && piece == chunk.readableBytes()) {
					break; // the read ends inside a character: hold this last piece for the rest of it
				}
				if (tail > 0 && tail < piece) {
					piece -= tail; // the cut character starts the next piece
				}
				ctx.fireChannelRead(chunk.readRetainedSlice(piece));
			}
			if (chunk.isReadable()) {
				this.held = ctx.alloc().heapBuffer(chunk.readableBytes()).writeBytes(chunk);
				this.release = ctx.executor().schedule(() -> releaseHeld(ctx), HOLD_MILLIS, TimeUnit.MILLISECONDS);
			}
		}
		finally {
			chunk.release();
		}
	}

	private ByteBuf prependHeld(ChannelHandlerContext ctx, ByteBuf read) {
		ByteBuf start = this.held;
		if (start == null) {
			return read;
		}
		this.held = null;
		ByteBuf joined = ctx.alloc().buffer(start.readableBytes() + read.readableBytes()).writeBytes(start).writeBytes(read);
		start.release();
		read.release();
		return joined;
	}

	/** @return how many of the first {@code length} readable bytes at their end begin an incomplete character */
	private int incompleteTail(ByteBuf chunk, int length) {
		if (this.utf8 && chunk.getByte(chunk.readerIndex() + length - 1) >= 0) {
			return 0; // ends in an ASCII byte: a whole character, and no copy on the common path
		}
		// UTF-8 needs to see at most the last 3 bytes; a decoder-based check needs the whole piece
		int look = this.utf8 ? Math.min(3, length) : length;
		byte[] end = ByteBufUtil.getBytes(chunk, chunk.readerIndex() + length - look, look);
		return this.boundary.incompleteTail(end, look);
	}

	/** The rest of the character did not come in time: the held bytes are a message as they are. */
	private void releaseHeld(ChannelHandlerContext ctx) {
		this.release = null;
		if (emitHeld(ctx)) {
			ctx.fireChannelReadComplete(); // the reply goes out now, not with the next read
		}
	}

	private boolean emitHeld(ChannelHandlerContext ctx) {
		ByteBuf start = this.held;
		if (start == null) {
			return false;
		}
		this.held = null;
		ctx.fireChannelRead(start);
		return true;
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof ChannelInputShutdownEvent) {
			cancelRelease();
			emitHeld(ctx); // the client has ended its stream: an incomplete character is passed through, never dropped
		}
		ctx.fireUserEventTriggered(event);
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		cancelRelease();
		ByteBuf start = this.held;
		if (start != null) {
			this.held = null;
			start.release();
		}
	}

	private void cancelRelease() {
		ScheduledFuture<?> pending = this.release;
		if (pending != null) {
			pending.cancel(false);
			this.release = null;
		}
	}

	@Override
	public int heldBytes() {
		ByteBuf start = this.held;
		return start != null ? start.readableBytes() : 0;
	}

}
