package dev.upcase.framing;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Finds a character that a read cut in two: the bytes at the end of a chunk that start a character whose
 * remaining bytes have not arrived yet.
 */
@FunctionalInterface
interface CharacterBoundary {

	/** More than any charset needs to hold back (UTF-8: 3, UTF-32: 3, GB18030: 3); more is not a cut character. */
	int MAX_TAIL_BYTES = 8;

	/** Single-byte charsets: every byte is a whole character. */
	CharacterBoundary NONE = (bytes, length) -> 0;

	/**
	 * @return how many bytes at the end of {@code bytes[0, length)} begin an incomplete character
	 */
	int incompleteTail(byte[] bytes, int length);

	static CharacterBoundary forCharset(Charset charset) {
		if (StandardCharsets.UTF_8.equals(charset)) {
			return CharacterBoundary::utf8Tail;
		}
		if (charset.newEncoder().maxBytesPerChar() <= 1.0f) {
			return NONE;
		}
		return (bytes, length) -> decoderTail(charset, bytes, length);
	}

	private static int utf8Tail(byte[] bytes, int length) {
		for (int i = 1; i <= Math.min(3, length); i++) {
			int b = bytes[length - i] & 0xff;
			if ((b & 0xc0) == 0x80) {
				continue; // a continuation byte: look further back for its lead byte
			}
			int needed = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 1;
			return needed > i ? i : 0;
		}
		return 0;
	}

	private static int decoderTail(Charset charset, byte[] bytes, int length) {
		CharsetDecoder decoder = charset.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
		CharBuffer out = CharBuffer.allocate(256);
		while (true) {
			CoderResult result = decoder.decode(in, out, false);
			if (result.isOverflow()) {
				out.clear();
			}
			else if (result.isError()) {
				in.position(in.position() + result.length());
			}
			else {
				// underflow: what is left cannot be decoded without more bytes
				return in.remaining() <= MAX_TAIL_BYTES ? in.remaining() : 0;
			}
		}
	}

}
