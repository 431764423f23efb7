package dev.upcase.tcp.framing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;

/**
 * Reads one request from a connection's input and writes one reply frame.
 * <p>
 * {@link #deserialize} blocks until a whole message has arrived, throws
 * {@link org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException} when the peer closes between
 * messages, and a {@link FramingException} for a frame it will not accept. Memory is bounded by the codec's
 * {@code maxMessageBytes}, whatever the peer sends.
 */
public interface FrameCodec extends Serializer<byte[]>, Deserializer<byte[]> {

	@Override
	byte[] deserialize(InputStream in) throws IOException;

	@Override
	void serialize(byte[] payload, OutputStream out) throws IOException;

	/**
	 * @return bytes a connection must be able to push back into its input for this codec ({@code 0}: none)
	 */
	default int pushbackBytes() {
		return 0;
	}

}
