package dev.upcase.framing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.jspecify.annotations.Nullable;

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
	public FrameDecoder newDecoder() {
		return new Decoder();
	}

	@Override
	public void serialize(byte[] payload, OutputStream out) throws IOException {
		out.write(STX);
		out.write(payload);
		out.write(ETX);
	}

	private final class Decoder implements FrameDecoder {

		/** {@code null} between messages: the next byte must be STX. */
		private @Nullable FrameBuffer message;

		@Override
		public byte @Nullable [] next(InputStream in, int limit) throws IOException {
			for (int i = 0; i < limit; i++) {
				int b = in.read();
				FrameBuffer buffer = this.message;
				if (b < 0) {
					if (buffer == null) {
						throw new SoftEndOfStreamException("closed between messages");
					}
					throw new TruncatedFrameException(pendingBytes());
				}
				if (buffer == null) {
					if (b != STX) {
						throw new FramingException(String.format("expected STX (0x02) to start a message, got 0x%02x", b));
					}
					this.message = new FrameBuffer(StxEtxCodec.this.maxMessageBytes);
				}
				else if (b == ETX) {
					this.message = null;
					return buffer.toArray(buffer.size());
				}
				else if (!buffer.append(b)) {
					throw new MessageTooLargeException(StxEtxCodec.this.maxMessageBytes, "no ETX within the limit");
				}
			}
			return null;
		}

		@Override
		public int pendingBytes() {
			FrameBuffer buffer = this.message;
			return buffer != null ? buffer.size() + 1 : 0;
		}

	}

}
