package dev.upcase.tcp.framing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * Messages that end with a delimiter (LF, or CR LF). The delimiter is not part of the message; the reply gets
 * the same delimiter back.
 */
final class DelimiterCodec implements FrameCodec {

	private final int maxMessageBytes;

	private final byte[] delimiter;

	DelimiterCodec(int maxMessageBytes, byte... delimiter) {
		this.maxMessageBytes = maxMessageBytes;
		this.delimiter = delimiter.clone();
	}

	@Override
	public FrameDecoder newDecoder() {
		return new Decoder();
	}

	@Override
	public void serialize(byte[] payload, OutputStream out) throws IOException {
		out.write(payload);
		out.write(this.delimiter);
	}

	private final class Decoder implements FrameDecoder {

		private @Nullable FrameBuffer message;

		@Override
		public byte @Nullable [] next(InputStream in, int limit) throws IOException {
			byte last = DelimiterCodec.this.delimiter[DelimiterCodec.this.delimiter.length - 1];
			int before = DelimiterCodec.this.delimiter.length - 1;
			for (int i = 0; i < limit; i++) {
				int b = in.read();
				if (b < 0) {
					throw endOfStream();
				}
				FrameBuffer buffer = this.message;
				if (buffer == null) {
					// room for a whole message plus the start of a delimiter that may still turn out to be data
					buffer = new FrameBuffer(DelimiterCodec.this.maxMessageBytes + before);
					this.message = buffer;
				}
				if (b == last && buffer.endsWithAllButLast(DelimiterCodec.this.delimiter)) {
					this.message = null;
					return buffer.toArray(buffer.size() - before);
				}
				if (!buffer.append(b)) {
					throw new MessageTooLargeException(DelimiterCodec.this.maxMessageBytes, "no delimiter within the limit");
				}
			}
			return null;
		}

		private IOException endOfStream() {
			if (pendingBytes() == 0) {
				throw new SoftEndOfStreamException("closed between messages");
			}
			return new TruncatedFrameException(pendingBytes());
		}

		@Override
		public int pendingBytes() {
			FrameBuffer buffer = this.message;
			return buffer != null ? buffer.size() : 0;
		}

	}

}
