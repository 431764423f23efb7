package dev.upcase.server.transport;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DurationTextTest {

	@Test
	void wholeSecondsWhereTheyCan() {
		assertThat(DurationText.of(Duration.ofSeconds(30))).isEqualTo("30s");
		assertThat(DurationText.of(Duration.ofMillis(1500))).isEqualTo("1500ms");
	}

}
