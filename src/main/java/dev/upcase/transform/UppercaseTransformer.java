package dev.upcase.transform;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.core.GenericTransformer;

/**
 * Uppercases a message's text: decoded with the configured charset, uppercased with {@link Locale#ROOT}
 * ({@code straße} → {@code STRASSE}, {@code ñandú} → {@code ÑANDÚ}), encoded back.
 * <p>
 * Bytes that are not valid text in the charset are passed through unchanged, never replaced by U+FFFD or
 * dropped: binary data comes back byte for byte. A character whose uppercase form the charset cannot encode
 * (e.g. {@code ÿ} → {@code Ÿ} in ISO-8859-1) is kept as it was.
 * <p>
 * All-ASCII messages in an ASCII-compatible charset, by far the most common case, take a fast path that maps
 * {@code a–z} without decoding.
 */
public final class UppercaseTransformer implements GenericTransformer<byte[], byte[]> {

	private final Charset charset;

	private final boolean asciiFastPath;

	public UppercaseTransformer(Charset charset) {
		this.charset = charset;
		this.asciiFastPath = charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII)
				|| charset.equals(StandardCharsets.ISO_8859_1);
	}

	@Override
	public byte[] transform(byte[] source) {
		if (this.asciiFastPath) {
			byte[] ascii = asciiUppercase(source);
			if (ascii != null) {
				return ascii;
			}
		}
		return textUppercase(source);
	}

	/** @return the uppercased copy, or {@code null} at the first byte that is not ASCII */
	private static byte @Nullable [] asciiUppercase(byte[] source) {
		byte[] result = new byte[source.length];
		for (int i = 0; i < source.length; i++) {
			int b = source[i];
			if (b < 0) {
				return null;
			}
			// without a branch: flip bit 5 (0x20) exactly when 'a' <= b <= 'z'
			result[i] = (byte) (b ^ ((('a' - 1 - b) & (b - 'z' - 1)) >>> 31) << 5);
		}
		return result;
	}

	private byte[] textUppercase(byte[] source) {
		CharsetDecoder decoder = this.charset.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		CharsetEncoder encoder = this.charset.newEncoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.wrap(source);
		CharBuffer text = CharBuffer.allocate((int) Math.ceil(source.length * (double) decoder.maxCharsPerByte()) + 2);
		ByteArrayOutputStream out = new ByteArrayOutputStream(source.length + 16);
		while (true) {
			CoderResult result = decoder.decode(in, text, true);
			if (result.isError()) {
				// flush the text decoded so far, then copy the bytes that are not text verbatim
				appendUppercase(text, encoder, out);
				out.write(source, in.position(), result.length());
				in.position(in.position() + result.length());
			}
			else if (result.isOverflow()) {
				appendUppercase(text, encoder, out);
			}
			else {
				decoder.flush(text);
				appendUppercase(text, encoder, out);
				return out.toByteArray();
			}
		}
	}

	private static void appendUppercase(CharBuffer text, CharsetEncoder encoder, ByteArrayOutputStream out) {
		text.flip();
		if (text.hasRemaining()) {
			String original = text.toString();
			String upper = original.toUpperCase(Locale.ROOT);
			try {
				writeEncoded(encoder.encode(CharBuffer.wrap(upper)), out);
			}
			catch (CharacterCodingException ex) {
				encoder.reset();
				appendUppercaseByCodePoint(original, encoder, out);
			}
		}
		text.clear();
	}

	/** The charset cannot encode some uppercase form: uppercase what it can, one character at a time. */
	private static void appendUppercaseByCodePoint(String original, CharsetEncoder encoder, ByteArrayOutputStream out) {
		original.codePoints().forEach(codePoint -> {
			String character = Character.toString(codePoint);
			String upper = character.toUpperCase(Locale.ROOT);
			encoder.reset();
			try {
				writeEncoded(encoder.encode(CharBuffer.wrap(encoder.canEncode(upper) ? upper : character)), out);
			}
			catch (CharacterCodingException ex) {
				throw new IllegalStateException("decoded text that " + encoder.charset() + " cannot encode", ex);
			}
		});
	}

	private static void writeEncoded(ByteBuffer encoded, ByteArrayOutputStream out) {
		out.write(encoded.array(), encoded.arrayOffset() + encoded.position(), encoded.remaining());
	}

}
