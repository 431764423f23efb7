package dev.upcase.framing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.jspecify.annotations.Nullable;

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
	public FrameDecoder newDecoder() {
		return new Decoder();
	}

	@Override
	public void serialize(byte[] payload, OutputStream out) throws IOException {
		int n = payload.length;
		out.write(new byte[] { (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n });
		out.write(payload);
	}

	private final class Decoder implements FrameDecoder {

		private int headerBytes;

		private int length;

		/** The body once the header is complete; {@code null} while reading a header. */
		private byte @Nullable [] body;

		private int bodyBytes;

		@Override
		public byte @Nullable [] next(InputStream in, int limit) throws IOException {
			int budget = limit;
			while (this.body == null && budget > 0) {
				int b = read(in);
				budget--;
				this.length = this.length << 8 | b;
				if (++this.headerBytes == HEADER_BYTES) {
					startBody();
				}
			}
			byte[] target = this.body;
			if (target == null) {
				return null;
			}
			while (this.bodyBytes < target.length && budget > 0) {
				int n = in.read(target, this.bodyBytes, Math.min(budget, target.length - this.bodyBytes));
				if (n < 0) {
					throw new TruncatedFrameException(pendingBytes());
				}
				this.bodyBytes += n;
				budget -= n;
			}
			if (this.bodyBytes < target.length) {
				return null;
			}
			this.body = null;
			this.headerBytes = 0;
			this.length = 0;
			this.bodyBytes = 0;
			return target;
		}

		private int read(InputStream in) throws IOException {
			int b = in.read();
			if (b < 0) {
				if (this.headerBytes == 0) {
					throw new SoftEndOfStreamException("closed between messages");
				}
				throw new TruncatedFrameException(this.headerBytes);
			}
			return b;
		}

		private void startBody() throws FramingException {
			if (this.length < 0) {
				throw new FramingException("negative length header " + this.length);
			}
			if (this.length > LengthHeaderCodec.this.maxMessageBytes) {
				throw new MessageTooLargeException(LengthHeaderCodec.this.maxMessageBytes,
						"length header says " + this.length);
			}
			this.body = new byte[this.length];
		}

		@Override
		public int pendingBytes() {
			return this.headerBytes + this.bodyBytes;
		}

	}

}
