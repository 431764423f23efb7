package dev.upcase.server.config;

import java.util.List;
import java.util.Map;

import dev.upcase.server.admin.AdminProperties;
import dev.upcase.server.tcp.TcpProperties;
import dev.upcase.server.tcp.UnixSocketProperties;
import dev.upcase.server.udp.UdpProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings there are, read from the records, and the nearest of them to a name that is none. */
class NearestNameTest {

	private static final KnownSettings KNOWN = new KnownSettings(Map.of("upcase.tcp", TcpProperties.class,
			"upcase.unix", UnixSocketProperties.class, "upcase.udp", UdpProperties.class, "upcase.admin",
			AdminProperties.class));

	@Test
	void everyRecordComponentIsASettingAndANestedRecordAGroup() {
		assertThat(KNOWN.names()).contains("upcase.tcp.max-message-bytes", "upcase.tcp.ssl.bundle",
				"upcase.tcp.ssl.handshake-timeout", "upcase.unix.mode", "upcase.udp.enabled",
				"upcase.admin.closed-connections")
			.doesNotContain("upcase.tcp.ssl", "upcase.tcp.max-message-bytes-in-range");
		assertThat(KNOWN.groups()).containsExactly("admin", "tcp", "udp", "unix");
	}

	@Test
	void everySpellingSpringBootBindsIsKnown() {
		assertThat(KNOWN.contains(ConfigurationPropertyName.adapt("upcase.tcp.maxMessageBytes", '.'))).isTrue();
		assertThat(KNOWN.contains(ConfigurationPropertyName.of("upcase.tcp.max-message-bytes"))).isTrue();
		assertThat(KNOWN.contains(ConfigurationPropertyName.of("upcase.tcp.max-message-byte"))).isFalse();
		assertThat(KNOWN.settingByEnvironmentName()).containsEntry("UPCASE_TCP_MAXMESSAGEBYTES",
				"upcase.tcp.max-message-bytes")
			.containsEntry("UPCASE_TCP_MAX_MESSAGE_BYTES", "upcase.tcp.max-message-bytes")
			.containsEntry("UPCASE_TCP_SSL_CLIENTAUTH", "upcase.tcp.ssl.client-auth");
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(textBlock = """
			upcase.tcp.frameing,         upcase.tcp.framing
			upcase.tcp.framign,          upcase.tcp.framing
			upcase.tpc.port,             upcase.tcp.port
			upcase.max-connections,      upcase.tcp.max-connections
			upcase.tcp.maxmessagebytes,  upcase.tcp.max-message-bytes
			upcase.colour,
			upcase.port,
			""")
	void theNearestSettingIsATypoAwayOrEndsTheSameWay(String given, String expected) {
		assertThat(NearestName.among(given, KNOWN.names())).isEqualTo(expected);
	}

	@Test
	void environmentNamesAreComparedInTheirOwnSpelling() {
		assertThat(NearestName.among("UPCASE_TCP_FRAMEING", KNOWN.settingByEnvironmentName().keySet()))
			.isEqualTo("UPCASE_TCP_FRAMING");
		assertThat(NearestName.among("UPCASE_TCP_MAX_MESAGE_BYTES", KNOWN.settingByEnvironmentName().keySet()))
			.isEqualTo("UPCASE_TCP_MAX_MESSAGE_BYTES");
	}

	@Test
	void editDistanceCountsASwapOfNeighboursAsOne() {
		assertThat(NearestName.distance("tcp", "tpc")).isEqualTo(1);
		assertThat(NearestName.distance("framing", "frameing")).isEqualTo(1);
		assertThat(NearestName.distance("", "abc")).isEqualTo(3);
		assertThat(List.of(NearestName.distance("kitten", "sitting"))).containsExactly(3);
	}

}
