package dev.upcase.framing;

import java.nio.charset.Charset;

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

	/** @return the name as written in configuration, e.g. {@code stx-etx} */
	public String configName() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
