package dev.upcase.tcp.framing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * Messages preceded by a 4-byte big-endian length. A header that announces more than the limit (or a negative
 * length) is refused before a single byte of the body is buffered.
 */
final class LengthHeaderCodec implements FrameCodec {

	private static final int HEADER_BYTES = 4;

	private final int maxMessageBytes;

	LengthHeaderCodec(int maxMessageBytes) {
		this.maxMessageBytes = maxMessageBytes;
	}

	@Override
	public byte[] deserialize(InputStream in) throws IOException {
		byte[] header = in.readNBytes(HEADER_BYTES);
		if (header.length == 0) {
			throw new SoftEndOfStreamException("closed between messages");
		}
		if (header.length < HEADER_BYTES) {
			throw new TruncatedFrameException(header.length);
		}
		int length = (header[0] & 0xff) << 24 | (header[1] & 0xff) << 16 | (header[2] & 0xff) << 8 | header[3] & 0xff;
		if (length < 0) {
			throw new FramingException("negative length header " + length);
		}
		if (length > this.maxMessageBytes) {
			throw new MessageTooLargeException(this.maxMessageBytes, "length header says " + length);
		}
		byte[] body = in.readNBytes(length);
		if (body.length < length) {
			throw new TruncatedFrameException(HEADER_BYTES + body.length);
		}
		return body;
	}

	@Override
	public void serialize(byte[] payload, OutputStream out) throws IOException {
		int n = payload.length;
		out.write(new byte[] { (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n });
		out.write(payload);
	}

}
