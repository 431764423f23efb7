package dev.upcase.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

import dev.upcase.framing.FrameCodec;

import org.springframework.core.serializer.Deserializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * Reads replies with the framing's codec, and makes the server closing the connection an error the waiting
 * request hears about.
 * <p>
 * The codec reports a close between messages as a {@link SoftEndOfStreamException}, which Spring Integration's
 * connection takes as a normal end and does not pass on: a request waiting for its reply would only learn of it
 * from its timeout. As a plain {@link IOException} it reaches the outbound gateway at once.
 */
final class ReplyDeserializer implements Deserializer<byte[]> {

	private final FrameCodec codec;

	ReplyDeserializer(FrameCodec codec) {
		this.codec = codec;
	}

	@Override
	public byte[] deserialize(InputStream in) throws IOException {
		try {
			return this.codec.deserialize(in);
		}
		catch (SoftEndOfStreamException ex) {
			throw new ServerClosedException();
		}
	}

	/** The server closed the connection (no reply was cut short: the close came between messages). */
	static final class ServerClosedException extends EOFException {

		private static final long serialVersionUID = 1L;

		ServerClosedException() {
			super("the server closed the connection");
		}

	}

}
