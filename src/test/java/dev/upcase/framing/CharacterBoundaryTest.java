package dev.upcase.framing;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CharacterBoundaryTest {

	@Test
	void utf8FindsTheStartOfACutCharacter() {
		CharacterBoundary utf8 = CharacterBoundary.forCharset(StandardCharsets.UTF_8);
		byte[] emoji = "x😀".getBytes(StandardCharsets.UTF_8); // 'x' + 4 bytes
		for (int cut = 2; cut < emoji.length; cut++) {
			assertThat(utf8.incompleteTail(emoji, cut)).as("cut after %d bytes", cut).isEqualTo(cut - 1);
		}
		assertThat(utf8.incompleteTail(emoji, emoji.length)).isZero();
		assertThat(utf8.incompleteTail(new byte[] { 'a', 'b' }, 2)).isZero();
	}

	@Test
	void utf8DoesNotHoldBackBytesThatCanNeverStartACharacter() {
		CharacterBoundary utf8 = CharacterBoundary.forCharset(StandardCharsets.UTF_8);
		assertThat(utf8.incompleteTail(new byte[] { 'a', (byte) 0xff }, 2)).isZero();
		assertThat(utf8.incompleteTail(new byte[] { 'a', (byte) 0xc0 }, 2)).isZero();
		assertThat(utf8.incompleteTail(new byte[] { (byte) 0x80, (byte) 0x80, (byte) 0x80 }, 3)).isZero();
	}

	@Test
	void otherMultiByteCharsetsAskTheirDecoder() {
		Charset gb18030 = Charset.forName("GB18030");
		byte[] text = "a世".getBytes(gb18030);
		CharacterBoundary boundary = CharacterBoundary.forCharset(gb18030);
		assertThat(boundary.incompleteTail(text, text.length - 1)).isEqualTo(text.length - 2);
		assertThat(boundary.incompleteTail(text, text.length)).isZero();
	}

	@Test
	void singleByteCharsetsHaveNoBoundaryToFind() {
		assertThat(CharacterBoundary.forCharset(StandardCharsets.ISO_8859_1)).isSameAs(CharacterBoundary.NONE);
	}

}
