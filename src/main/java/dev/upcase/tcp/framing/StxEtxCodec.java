package dev.upcase.tcp.framing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * Messages wrapped in STX (0x02) … ETX (0x03). Anything but STX where a message should start is a framing error.
 */
final class StxEtxCodec implements FrameCodec {

	static final int STX = 0x02;

	static final int ETX = 0x03;

	private final int maxMessageBytes;

	StxEtxCodec(int maxMessageBytes) {
		this.maxMessageBytes = maxMessageBytes;
	}

	@Override
	public byte[] deserialize(InputStream in) throws IOException {
		int first = in.read();
		if (first < 0) {
			throw new SoftEndOfStreamException("closed between messages");
		}
		if (first != STX) {
			throw new FramingException(String.format("expected STX (0x02) to start a message, got 0x%02x", first));
		}
		FrameBuffer buffer = new FrameBuffer(this.maxMessageBytes);
		for (int b = in.read(); b >= 0; b = in.read()) {
			if (b == ETX) {
				return buffer.toArray(buffer.size());
			}
			if (!buffer.append(b)) {
				throw new MessageTooLargeException(this.maxMessageBytes, "no ETX within the limit");
			}
		}
		throw new TruncatedFrameException(buffer.size() + 1);
	}

	@Override
	public void serialize(byte[] payload, OutputStream out) throws IOException {
		out.write(STX);
		out.write(payload);
		out.write(ETX);
	}

}
