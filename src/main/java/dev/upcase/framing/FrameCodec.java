package dev.upcase.framing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;

import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;

/**
 * A framing: writes reply frames, and makes the {@link FrameDecoder} each connection reads requests with.
 * <p>
 * As a Spring {@link Deserializer} it reads one message from a blocking stream (for clients): it waits for
 * bytes as long as the stream does, and throws
 * {@link org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException} at end of stream between
 * messages. Memory is bounded by {@code maxMessageBytes}, whatever the peer sends.
 */
public interface FrameCodec extends Serializer<byte[]>, Deserializer<byte[]> {

	/** @return a decoder for one connection */
	FrameDecoder newDecoder();

	@Override
	void serialize(byte[] payload, OutputStream out) throws IOException;

	/**
	 * Reads one message, blocking as the stream does. A decoder lasts one call here, so what it holds back after
	 * the message (raw: the start of a character the read cut off) is pushed back into the stream when it is a
	 * {@link PushbackInputStream}, to begin the next message.
	 */
	@Override
	default byte[] deserialize(InputStream in) throws IOException {
		FrameDecoder decoder = newDecoder();
		while (true) {
			byte[] message = decoder.next(in, FrameDecoder.BLOCKING);
			if (message != null) {
				if (decoder.pendingBytes() > 0 && in instanceof PushbackInputStream pushback) {
					byte[] held = decoder.finish();
					if (held != null) {
						pushback.unread(held);
					}
				}
				return message;
			}
		}
	}

}
