package dev.upcase.framing;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The framings a client can choose from ({@code upcase.tcp.framing}).
 */
public enum Framing {

	/** Every read is one message, like the seed's {@code recv(1024)} loop; no delimiter. */
	RAW,

	/** A message ends at LF; a CR before it is kept with the message and written back as it came. */
	LINE,

	/** A message ends at CR LF. */
	CRLF,

	/** A 4-byte big-endian length header, then that many bytes. */
	LENGTH,

	/** STX (0x02), the message, ETX (0x03). */
	STX_ETX;

	/**
	 * @param maxMessageBytes the largest message a client may send
	 * @param charset the text encoding (raw framing keeps a character split across reads whole)
	 * @return the codec for this framing
	 */
	public FrameCodec codec(int maxMessageBytes, Charset charset) {
		return switch (this) {
			case RAW -> new RawChunkCodec(maxMessageBytes, CharacterBoundary.forCharset(charset));
			case LINE -> new DelimiterCodec(maxMessageBytes, (byte) '\n');
			case CRLF -> new DelimiterCodec(maxMessageBytes, (byte) '\r', (byte) '\n');
			case LENGTH -> new LengthHeaderCodec(maxMessageBytes);
			case STX_ETX -> new StxEtxCodec(maxMessageBytes);
		};
	}

	/**
	 * @param maxMessageBytes the largest request
	 * @param charset the text encoding (raw framing keeps a character split across reads whole)
	 * @return a server connection's request decoder (a Netty handler; one per connection)
	 */
	public MessageDecoder newServerDecoder(int maxMessageBytes, Charset charset) {
		return switch (this) {
			case RAW -> new RawDecoder(maxMessageBytes, CharacterBoundary.forCharset(charset),
					StandardCharsets.UTF_8.equals(charset));
			case LINE -> new LineDecoder(maxMessageBytes);
			case CRLF -> new CrLfDecoder(maxMessageBytes);
			case LENGTH -> new LengthDecoder(maxMessageBytes);
			case STX_ETX -> new StxEtxDecoder(maxMessageBytes);
		};
	}

	/**
	 * @param payload a reply
	 * @param allocator where the frame's buffer comes from
	 * @return the reply framed, in one buffer ready for the socket
	 */
	public ByteBuf encode(byte[] payload, ByteBufAllocator allocator) {
		return switch (this) {
			case RAW -> allocator.ioBuffer(payload.length).writeBytes(payload);
			case LINE -> allocator.ioBuffer(payload.length + 1).writeBytes(payload).writeByte('\n');
			case CRLF -> allocator.ioBuffer(payload.length + 2).writeBytes(payload).writeByte('\r').writeByte('\n');
			case LENGTH -> allocator.ioBuffer(payload.length + LengthDecoder.HEADER_BYTES).writeInt(payload.length)
				.writeBytes(payload);
			case STX_ETX -> allocator.ioBuffer(payload.length + 2).writeByte(StxEtxDecoder.STX).writeBytes(payload)
				.writeByte(StxEtxDecoder.ETX);
		};
	}

	/** @return the name as written in configuration, e.g. {@code stx-etx} */
	public String configName() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
