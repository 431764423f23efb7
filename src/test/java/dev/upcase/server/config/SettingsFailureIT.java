package dev.upcase.server.config;

import dev.upcase.UpcaseServer;
import dev.upcase.framing.WireCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Every bad {@code upcase.*} value stops the real application's start with one line that names the property as the
 * README spells it, the value given, where it was given and what is accepted; no stack trace, no Java names.
 */
@ExtendWith(OutputCaptureExtension.class)
class SettingsFailureIT {

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			framing           | bogus    | it must be one of raw, line, crlf, length, stx-etx.
			framing           | lines    | it must be one of raw, line, crlf, length, stx-etx.
			max-message-bytes | 0        | it must be between 1B and 64MB, e.g. 64KB.
			max-message-bytes | 65MB     | it must be between 1B and 64MB, e.g. 64KB.
			max-message-bytes | lots     | it must be a data size with a unit, e.g. 512B, 8KB, 64KB, 1MB (units: B, KB, MB, GB, TB).
			idle-timeout      | 5minutes | it must be a duration with a unit, e.g. 500ms, 30s, 5m, 1h (units: ns, us, ms, s, m, h, d).
			idle-timeout      | -1s      | it must be 0 (never) or a positive duration up to 24 days, e.g. 5m.
			write-timeout     | 0s       | it must be positive, e.g. 30s.
			shutdown-grace    | -5s      | it must be 0 or positive
			lame-duck         | -1s      | it must be 0 (drain at once) or positive, e.g. 5s.
			max-unsent-bytes  | 10B      | it must be at least 1KB, e.g. 1MB.
			port              | 70000    | it must be 0 (any free port) to 65535.
			backlog           | many     | it must be a whole number.
			max-connections   | 0        | it must be at least 1.
			max-connections-per-peer | 0 | it must be at least 1.
			charset           | nope     | it must be the name of a charset this Java runtime knows, e.g. UTF-8, US-ASCII, ISO-8859-1.
			event-loop-threads | 300     | it must be 0 (one per processor) to 256.
			read-buffer-bytes | 100B     | it must be between 512B and 1MB, e.g. 64KB.
			max-buffered-bytes | 1KB     | it must be 0 (a quarter of the heap) or at least max-message-bytes, e.g. 256MB.
			""")
	void aBadValueNamesThePropertyTheValueAndWhatIsAccepted(String property, String value, String accepted,
			CapturedOutput output) {
		String setting = "upcase.tcp." + property + "=" + value;
		assertThatException().isThrownBy(() -> UpcaseServer.start("--" + setting));
		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("upcase cannot start with " + setting + " (set by \"upcase.tcp." + property
					+ "\" from property source \"commandLineArgs\"): " + accepted)
			.contains("README's configuration table")
			.doesNotContain("\tat ")
			.doesNotContain("STX_ETX")
			.doesNotContain("InRange", "Positive", "failed to convert", "java.lang");
	}

	@Test
	void anAdminSettingIsReportedTheSameWay(CapturedOutput output) {
		assertThatException().isThrownBy(() -> UpcaseServer.start("--upcase.admin.closed-connections=-1"));
		assertThat(output.getOut()).contains("upcase cannot start with upcase.admin.closed-connections=-1 (set by")
			.contains("it must be 0 (keep none) to 100000")
			.doesNotContain("\tat ");
	}

	@ParameterizedTest(name = "upcase.udp.{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			max-datagram-bytes | 0       | it must be between 1B and 65507B (the largest UDP payload), e.g. 8KB.
			max-datagram-bytes | 64KB    | it must be between 1B and 65507B (the largest UDP payload), e.g. 8KB.
			port               | -1      | it must be 0 (any free port) to 65535.
			enabled            | maybe   | it must be true or false.
			per-source-rate    | -5      | it must be 1 to 10000000 (replies per second to one source address), e.g. 1000.
			per-source-rate    | 0       | it must be 1 to 10000000 (replies per second to one source address), e.g. 1000.
			per-source-rate    | fast    | it must be a whole number.
			per-source-burst   | 0       | it must be 1 to 10000000 (replies one source address may get at once), e.g. 2000.
			max-sources        | 0       | it must be 1 to 1000000 (source addresses tracked at once), e.g. 10000.
			max-sources        | 2000000 | it must be 1 to 1000000 (source addresses tracked at once), e.g. 10000.
			max-reply-ratio    | 0.5     | it must be a number of at least 1, e.g. 1 (no reply longer than its request) or 3 (every reply: uppercasing at most triples a text).
			max-reply-ratio    | NaN     | it must be a number of at least 1, e.g. 1 (no reply longer than its request) or 3 (every reply: uppercasing at most triples a text).
			max-reply-ratio    | double  | it must be a number, e.g. 1 or 1.5.
			""")
	void aBadUdpValueIsReportedTheSameWay(String property, String value, String accepted, CapturedOutput output) {
		String setting = "upcase.udp." + property + "=" + value;
		assertThatException().isThrownBy(() -> UpcaseServer.start("--" + setting)); // checked even while off
		assertThat(output.getOut()).contains("upcase cannot start with " + setting + " (set by \"upcase.udp."
				+ property + "\" from property source \"commandLineArgs\"): " + accepted)
			.doesNotContain("\tat ")
			.doesNotContain("InRange", "failed to convert", "java.lang");
	}

	@Test
	void aCharsetThatTheWireCannotCarryIsRefusedWithTheRule(CapturedOutput output) {
		for (String charset : new String[] { "UTF-16", "UTF-32LE", "IBM037" }) {
			assertThatException().isThrownBy(() -> UpcaseServer.start("--upcase.tcp.charset=" + charset));
			assertThat(output.getOut())
				.contains("upcase cannot start with upcase.tcp.charset=" + charset + " (set by")
				.contains("it must be " + WireCharsets.RULE + ".");
		}
	}

	@Test
	void severalBadValuesAreReportedTogetherOneLineEach(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> UpcaseServer.start("--upcase.tcp.max-message-bytes=0", "--upcase.tcp.backlog=0"));
		assertThat(output.getOut()).containsPattern("upcase cannot start with upcase.tcp.backlog=0 .*: it must be at least 1\\.\\R"
				+ "upcase cannot start with upcase.tcp.max-message-bytes=0 .*: it must be between 1B and 64MB, e\\.g\\. 64KB\\.");
	}


	@Test
	void aValueThatDoesNotConvertAndOneThatBreaksARuleAreReportedTogether(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> UpcaseServer.start("--upcase.tcp.framing=lines", "--upcase.tcp.max-message-bytes=0",
					"--upcase.tcp.idle-timeout=5minutes", "--upcase.tcp.ssl.engine=boring"));
		assertThat(output.getOut()).containsPattern("Description:\\R\\R"
				+ "upcase cannot start with upcase.tcp.framing=lines .*: it must be one of raw, line, crlf, length, stx-etx\\.\\R"
				+ "upcase cannot start with upcase.tcp.idle-timeout=5minutes .*: it must be a duration with a unit, .*\\R"
				+ "upcase cannot start with upcase.tcp.max-message-bytes=0 .*: it must be between 1B and 64MB, e\\.g\\. 64KB\\.\\R"
				+ "upcase cannot start with upcase.tcp.ssl.engine=boring .*: it must be one of jdk, openssl\\.\\R\\R"
				+ "Action:")
			.doesNotContain("\tat ");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			upcase.tcp.frameing=line         | did you mean upcase.tcp.framing?
			upcase.tcp.maxMessageByte=1KB    | did you mean upcase.tcp.max-message-bytes?
			upcase.tpc.port=9000             | did you mean upcase.tcp.port?
			upcase.max-connections=10        | did you mean upcase.tcp.max-connections?
			upcase.tcp.ssl.bundel=upcase     | did you mean upcase.tcp.ssl.bundle?
			upcase.udp.enable=true           | did you mean upcase.udp.enabled?
			upcase.colour=blue               | the README's
			""")
	void aSettingThatDoesNotExistStopsTheStartWithTheNearestRealOne(String argument, String suggestion,
			CapturedOutput output) {
		String name = argument.substring(0, argument.indexOf('='));
		assertThatException().isThrownBy(() -> UpcaseServer.start("--" + argument));
		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("upcase cannot start with " + name + " (set by \"" + name
					+ "\" from property source \"commandLineArgs\"): no upcase setting has that name")
			.contains(suggestion)
			.contains("the README's configuration table lists every upcase.* setting")
			.doesNotContain("\tat ", "Listening for");
	}

	@Test
	void theValueOfAnUnknownSettingIsNotShownForItMayBeASecret(CapturedOutput output) {
		assertThatException().isThrownBy(() -> UpcaseServer.start("--upcase.tcp.ssl.pasword=hunter2"));
		assertThat(output.getOut()).contains("upcase cannot start with upcase.tcp.ssl.pasword (set by")
			.doesNotContain("hunter2");
	}

	@Test
	void everyUnknownSettingIsNamedAtOnce(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> UpcaseServer.start("--upcase.tcp.frameing=line", "--upcase.tcp.idle-timout=1m"));
		assertThat(output.getOut()).containsPattern("upcase cannot start with upcase.tcp.frameing .*did you mean "
				+ "upcase.tcp.framing\\?\\Rupcase cannot start with upcase.tcp.idle-timout .*did you mean "
				+ "upcase.tcp.idle-timeout\\?");
	}

	@Test
	void everySpellingSpringBootBindsIsAccepted() {
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.maxMessageBytes=2KB", "--upcase.tcp.idle-timeout=1m",
				"--upcase.tcp.ssl.client-auth=none", "--upcase.admin.closed-connections=5")) {
			assertThat(server.context().getBean(dev.upcase.server.tcp.TcpProperties.class).maxMessageBytes().toKilobytes())
				.isEqualTo(2);
		}
	}

}
