package dev.upcase.framing;

import java.nio.charset.Charset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The charsets the wire protocol accepts: those whose delimiters and ASCII letters are ASCII's single bytes, with
 * no byte-order mark and no shift states.
 */
class WireCharsetsTest {

	@ParameterizedTest
	@ValueSource(strings = { "UTF-8", "US-ASCII", "ISO-8859-1", "ISO-8859-15", "windows-1252", "Shift_JIS", "GB18030",
			"Big5", "EUC-JP", "KOI8-R" })
	void asciiCompatibleStatelessCharsetsAreSupported(String name) {
		assertThat(WireCharsets.isSupported(Charset.forName(name))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "UTF-16", "UTF-16BE", "UTF-16LE", "x-UTF-16LE-BOM", "UTF-32", "UTF-32BE", "UTF-32LE",
			"IBM037", "IBM1047", "ISO-2022-JP", "ISO-2022-KR" })
	void charsetsWithWideUnitsByteOrderMarksOtherLettersOrShiftStatesAreNot(String name) {
		assertThat(WireCharsets.isSupported(Charset.forName(name))).isFalse();
	}

	@Test
	void aDecodeOnlyCharsetIsNot() {
		assertThat(WireCharsets.isSupported(Charset.forName("ISO-2022-CN"))).isFalse();
	}

	@Test
	void theRuleNamesWhatItAsksAndExamples() {
		assertThat(WireCharsets.RULE).contains("ASCII-compatible, stateless", "byte-order mark", "UTF-8", "UTF-16");
	}

}
