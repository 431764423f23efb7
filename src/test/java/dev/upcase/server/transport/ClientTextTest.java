package dev.upcase.server.transport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientTextTest {

	@Test
	void shortPrintableTextIsKeptAsItIs() {
		assertThat(ClientText.bounded("not an SSL/TLS record: 68656c6c6f")).isEqualTo("not an SSL/TLS record: 68656c6c6f");
		assertThat(ClientText.bounded("größer als ΐ")).isEqualTo("größer als ΐ");
		assertThat(ClientText.bounded(null)).isNull();
	}

	@Test
	void invisibleCharactersAreEscapedSoNoClientForgesALine() {
		assertThat(ClientText.bounded("a\nINFO forged\r\tb\u001b[31m\u200b\\"))
			.isEqualTo("a\\nINFO forged\\r\\tb\\x1b[31m\\u200b\\\\");
	}

	@Test
	void longTextIsCutAndSaysHowMuchMoreThereWas() {
		String hexdump = "not an SSL/TLS record: " + "68".repeat(2000);
		String bounded = ClientText.bounded(hexdump);
		assertThat(bounded).startsWith("not an SSL/TLS record: 6868")
			.endsWith("… (" + (hexdump.length() - ClientText.MAX_CHARS) + " more characters)");
		assertThat(bounded.indexOf('…')).isEqualTo(ClientText.MAX_CHARS);
	}

	@Test
	void anEscapeIsNeverCutInHalf() {
		String bounded = ClientText.bounded("x".repeat(ClientText.MAX_CHARS - 2) + "\u0001" + "tail");
		assertThat(bounded).startsWith("x".repeat(ClientText.MAX_CHARS - 2) + "… (5 more characters)");
	}

}
