package dev.upcase.tcp.framing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * Messages that end with a delimiter (LF, or CR LF). The delimiter is not part of the message; the reply gets
 * the same delimiter back.
 */
final class DelimiterCodec implements FrameCodec {

	private final int maxMessageBytes;

	private final byte[] delimiter;

	private final byte last;

	DelimiterCodec(int maxMessageBytes, byte... delimiter) {
		this.maxMessageBytes = maxMessageBytes;
		this.delimiter = delimiter.clone();
		this.last = delimiter[delimiter.length - 1];
	}

	@Override
	public byte[] deserialize(InputStream in) throws IOException {
		int before = this.delimiter.length - 1;
		// room for a whole message plus the start of a delimiter that may still turn out to be data
		FrameBuffer buffer = new FrameBuffer(this.maxMessageBytes + before);
		for (int b = in.read(); b >= 0; b = in.read()) {
			if (b == this.last && buffer.endsWithAllButLast(this.delimiter)) {
				return buffer.toArray(buffer.size() - before);
			}
			if (!buffer.append(b)) {
				throw new MessageTooLargeException(this.maxMessageBytes, "no delimiter within the limit");
			}
		}
		if (buffer.size() == 0) {
			throw new SoftEndOfStreamException("closed between messages");
		}
		throw new TruncatedFrameException(buffer.size());
	}

	@Override
	public void serialize(byte[] payload, OutputStream out) throws IOException {
		out.write(payload);
		out.write(this.delimiter);
	}

}
