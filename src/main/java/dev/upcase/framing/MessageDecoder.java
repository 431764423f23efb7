package dev.upcase.framing;

import io.netty.channel.ChannelInboundHandler;

/**
 * A server connection's request decoder, as a Netty handler: bytes in, one {@code ByteBuf} per whole message out
 * (without its framing). A message over the limit fails with {@link io.netty.handler.codec.TooLongFrameException}
 * before more than the limit is held; a frame the framing refuses with
 * {@link io.netty.handler.codec.CorruptedFrameException}.
 */
public interface MessageDecoder extends ChannelInboundHandler {

	/**
	 * @return bytes held of a message that has not completely arrived: what the server's memory budget counts,
	 * and what is discarded if the client ends its stream now
	 */
	int heldBytes();

}
