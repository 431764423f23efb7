package dev.upcase.framing;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;

/**
 * Which charsets the wire protocol can carry: ASCII-compatible, stateless ones. The framings find message ends as
 * bytes ({@code \n}, {@code \r}, {@code 0x02}, {@code 0x03}), and a reply is the encoding of the uppercased text
 * alone; both hold only when those characters, digits and ASCII letters are the same single bytes as in ASCII, no
 * byte-order mark precedes a text, and no shift state carries over from one character to the next. UTF-16 and
 * UTF-32 break the first two (a BOM on every reply, {@code 0x0A} inside other characters), EBCDIC the first,
 * ISO-2022-JP the last.
 */
public final class WireCharsets {

	/** The rule, as error messages state it. */
	public static final String RULE = "an ASCII-compatible, stateless charset: \\n, \\r, 0x02, 0x03, digits and "
			+ "ASCII letters must be the same single bytes as in ASCII, with no byte-order mark and no shift states "
			+ "(e.g. UTF-8, US-ASCII, ISO-8859-1, windows-1252, Shift_JIS; not UTF-16, UTF-32, EBCDIC or ISO-2022-JP)";

	private static final String ASCII_SAMPLE = "\n\r\u0002\u0003 0123456789"
			+ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	/** Characters of several scripts: a charset that encodes any of them with a shift sequence has states. */
	private static final String NON_ASCII_SAMPLE = "éßЖαא日アア한€";

	/** Bytes that start shift sequences: ESC (ISO-2022), SO and SI (EBCDIC double-byte, ISO-2022). */
	private static final byte[] SHIFT_BYTES = { 0x1B, 0x0E, 0x0F };

	private WireCharsets() {
	}

	/** @return whether the wire protocol can carry text in this charset (see {@link #RULE}) */
	public static boolean isSupported(Charset charset) {
		if (!charset.canEncode()) {
			return false;
		}
		for (char c : ASCII_SAMPLE.toCharArray()) {
			byte[] bytes = encode(charset, String.valueOf(c));
			if (bytes.length != 1 || bytes[0] != c) {
				return false;
			}
		}
		CharsetEncoder encoder = charset.newEncoder();
		for (char c : NON_ASCII_SAMPLE.toCharArray()) {
			if (encoder.canEncode(c)) {
				for (byte b : encode(charset, String.valueOf(c))) {
					for (byte shift : SHIFT_BYTES) {
						if (b == shift) {
							return false;
						}
					}
				}
			}
		}
		return true;
	}

	private static byte[] encode(Charset charset, String text) {
		try {
			ByteBuffer encoded = charset.newEncoder().encode(CharBuffer.wrap(text));
			byte[] bytes = new byte[encoded.remaining()];
			encoded.get(bytes);
			return bytes;
		}
		catch (CharacterCodingException ex) {
			return new byte[0];
		}
	}

}
