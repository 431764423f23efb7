package dev.upcase.transform;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class UppercaseTransformerTest {

	private final UppercaseTransformer utf8 = new UppercaseTransformer(StandardCharsets.UTF_8);

	@ParameterizedTest
	@CsvSource({ "bith, BITH", "straße, STRASSE", "ñandú, ÑANDÚ", "'hello 世界', 'HELLO 世界'",
			"'Ωμέγα', 'ΩΜΈΓΑ'", "'ﬁx', 'FIX'", "'MiXeD 123 !?', 'MIXED 123 !?'", "'\uD801\uDC28', '\uD801\uDC00'" })
	void uppercasesTextNotJustAscii(String text, String expected) {
		assertThat(utf8(text)).isEqualTo(expected);
	}

	@Test
	void emptyStaysEmpty() {
		assertThat(this.utf8.transform(new byte[0])).isEmpty();
	}

	@Test
	void controlCharactersAndLineEndsPassThrough() {
		assertThat(utf8("a\r\tb\u0000c")).isEqualTo("A\r\tB\u0000C");
	}

	@Test
	void invalidUtf8BytesPassThroughUnchangedBetweenUppercasedText() {
		byte[] input = concat("abc".getBytes(StandardCharsets.UTF_8), new byte[] { (byte) 0xff, (byte) 0xfe },
				"straße".getBytes(StandardCharsets.UTF_8), new byte[] { (byte) 0xc3 }); // a lone lead byte at the end
		byte[] expected = concat("ABC".getBytes(StandardCharsets.UTF_8), new byte[] { (byte) 0xff, (byte) 0xfe },
				"STRASSE".getBytes(StandardCharsets.UTF_8), new byte[] { (byte) 0xc3 });
		assertThat(this.utf8.transform(input)).isEqualTo(expected);
	}

	@Test
	void overlongAndSurrogateEncodingsAreNotText() {
		byte[] overlongSlash = { (byte) 0xc0, (byte) 0xaf, 'x' };
		byte[] encodedSurrogate = { (byte) 0xed, (byte) 0xa0, (byte) 0x80, 'y' };
		assertThat(this.utf8.transform(overlongSlash)).containsExactly(0xc0, 0xaf, 'X');
		assertThat(this.utf8.transform(encodedSurrogate)).containsExactly(0xed, 0xa0, 0x80, 'Y');
	}

	@Test
	void everyAsciiByteTakesTheFastPathCorrectly() {
		byte[] ascii = new byte[128];
		for (int i = 0; i < 128; i++) {
			ascii[i] = (byte) i;
		}
		byte[] result = this.utf8.transform(ascii);
		for (int i = 0; i < 128; i++) {
			assertThat(result[i] & 0xff).as("byte %d", i).isEqualTo(Character.toUpperCase(i));
		}
	}

	@Test
	void everyByteValueSurvivesWhenNotText() {
		byte[] binary = new byte[256];
		for (int i = 0; i < 256; i++) {
			binary[i] = (byte) i;
		}
		byte[] result = this.utf8.transform(binary);
		assertThat(result).hasSize(256);
		for (int i = 0; i < 256; i++) {
			int expected = (i >= 'a' && i <= 'z') ? i - 32 : i;
			assertThat(result[i] & 0xff).as("byte %d", i).isEqualTo(expected);
		}
	}

	@Test
	void otherCharsetsDecodeAndEncodeWithThatCharset() {
		Charset latin1 = StandardCharsets.ISO_8859_1;
		UppercaseTransformer transformer = new UppercaseTransformer(latin1);
		assertThat(new String(transformer.transform("ñandú".getBytes(latin1)), latin1)).isEqualTo("ÑANDÚ");
		// ÿ uppercases to Ÿ (U+0178), which ISO-8859-1 cannot encode: the character is kept as it was
		assertThat(new String(transformer.transform("aÿb".getBytes(latin1)), latin1)).isEqualTo("AÿB");

		Charset utf16 = StandardCharsets.UTF_16BE;
		assertThat(new String(new UppercaseTransformer(utf16).transform("straße".getBytes(utf16)), utf16))
			.isEqualTo("STRASSE");
	}

	private String utf8(String text) {
		return new String(this.utf8.transform(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] all = new byte[length];
		int at = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, at, part.length);
			at += part.length;
		}
		return all;
	}

}
