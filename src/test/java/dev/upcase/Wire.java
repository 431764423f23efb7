package dev.upcase;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import dev.upcase.framing.Framing;

/**
 * How a client frames requests and reads replies in each framing, written out plainly for tests.
 */
final class Wire {

	private Wire() {
	}

	static byte[] frame(Framing framing, byte[] payload) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		switch (framing) {
			case RAW -> out.writeBytes(payload);
			case LINE -> {
				out.writeBytes(payload);
				out.write('\n');
			}
			case CRLF -> {
				out.writeBytes(payload);
				out.writeBytes(new byte[] { '\r', '\n' });
			}
			case LENGTH -> {
				out.writeBytes(ByteBuffer.allocate(4).putInt(payload.length).array());
				out.writeBytes(payload);
			}
			case STX_ETX -> {
				out.write(0x02);
				out.writeBytes(payload);
				out.write(0x03);
			}
		}
		return out.toByteArray();
	}

	/** Reads one reply whose payload is expected to be {@code length} bytes long. */
	static byte[] readReply(Framing framing, TcpTestClient client, int length) {
		byte[] framed = client.readExactly(frame(framing, new byte[length]).length);
		byte[] expectedShape = frame(framing, new byte[length]);
		int start = switch (framing) {
			case LENGTH -> 4;
			case STX_ETX -> 1;
			default -> 0;
		};
		// the framing bytes around the payload must be exactly where the framing puts them
		for (int i = 0; i < framed.length; i++) {
			boolean inPayload = i >= start && i < start + length;
			if (!inPayload && framed[i] != expectedShape[i]) {
				throw new AssertionError(framing + " reply has byte " + framed[i] + " at " + i + " where the framing has "
						+ expectedShape[i]);
			}
		}
		return java.util.Arrays.copyOfRange(framed, start, start + length);
	}

}
