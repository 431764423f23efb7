package dev.upcase.framing;

import java.io.IOException;
import java.io.InputStream;

import org.jspecify.annotations.Nullable;

/**
 * One connection's decoder: turns its bytes into messages, keeping a message that has only partly arrived
 * until the rest comes. The server never lets it wait for bytes: it offers only what has already arrived, so a
 * client that sends half a message and stalls holds a few bytes here, not a thread.
 */
public interface FrameDecoder {

	/** {@link #next}'s limit for a blocking stream: read as the stream allows, and not past the message's end. */
	int BLOCKING = Integer.MAX_VALUE;

	/**
	 * Returns the next message, reading at most {@code limit} bytes.
	 * @param in the connection's input
	 * @param limit bytes known to have arrived ({@code in.available()}: never blocks); the decoder may take them
	 * all at once and keep what follows the message for the next call, so a caller passes {@code 0} to get the
	 * messages it already holds. Or {@link #BLOCKING}: wait for bytes as the stream does, and read none past
	 * the end of the message
	 * @return the message, or {@code null} when the bytes so far do not complete one
	 * @throws FramingException for a frame the framing will not accept
	 * @throws org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException at end of stream between
	 * messages
	 */
	@Nullable byte[] next(InputStream in, int limit) throws IOException;

	/** @return bytes held of a message that has not completely arrived */
	int pendingBytes();

	/**
	 * The input has ended: what is held cannot be completed.
	 * @return a last message made of what is held, where the framing has one (raw: the bytes as they are)
	 * @throws TruncatedFrameException where a partial message is discarded
	 */
	default byte @Nullable [] finish() throws TruncatedFrameException {
		if (pendingBytes() > 0) {
			throw new TruncatedFrameException(pendingBytes());
		}
		return null;
	}

}
