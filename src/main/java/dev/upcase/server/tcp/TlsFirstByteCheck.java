package dev.upcase.server.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.util.ReferenceCountUtil;

/**
 * Right before the TLS handler (and after anything that reads a header of its own, such as a PROXY protocol
 * decoder): a TLS client's first byte is always the content type of a handshake record, 22 ({@code 0x16}). Any other
 * first byte is a client speaking plain text, or another protocol, to the TLS port: refused at once, with the TLS
 * failure's reason {@code tls}, whatever the length of what it sent. The TLS handler alone needs a whole 5-byte
 * record header before it can tell, so that a client sending {@code bith} would wait for the handshake timeout, and
 * its message would name every byte of a longer burst.
 */
final class TlsFirstByteCheck extends ChannelInboundHandlerAdapter {

	/** The content type of a TLS handshake record (RFC 8446, section 5.1; the same in every TLS version). */
	static final int HANDSHAKE_RECORD = 0x16;

	private boolean refused;

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.refused) {
			ReferenceCountUtil.release(msg); // the connection is closing: nothing more goes to the TLS handler
			return;
		}
		if (!(msg instanceof ByteBuf bytes) || !bytes.isReadable()) {
			ctx.fireChannelRead(msg);
			return;
		}
		int first = bytes.getUnsignedByte(bytes.readerIndex());
		if (first == HANDSHAKE_RECORD) {
			ctx.pipeline().remove(this); // the TLS handler judges everything from here on
			ctx.fireChannelRead(msg);
			return;
		}
		this.refused = true;
		bytes.release();
		ctx.fireExceptionCaught(new NotSslRecordException(describe(first)));
	}

	/** @return what the client sent instead, in a few words: never the bytes themselves beyond the first */
	static String describe(int first) {
		String printable = (first >= 0x20 && first < 0x7f) ? " '" + (char) first + "'" : "";
		return String.format("not TLS: the first byte is 0x%02x%s, a TLS client's is 0x%02x (plain text on the TLS port?)",
				first, printable, HANDSHAKE_RECORD);
	}

}
