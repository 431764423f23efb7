package dev.upcase.server.lifecycle;

import java.nio.charset.StandardCharsets;

import dev.upcase.TcpTestClient;
import dev.upcase.UpcaseServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The real application refuses to start when the TCP drain would not fit inside Spring's shutdown phase, and
 * starts when it does.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownGraceCheckIT {

	@Test
	void aGraceAsLongAsTheShutdownPhaseStopsTheStartNamingBothAndTheFix(CapturedOutput output) {
		assertThatException().isThrownBy(() -> UpcaseServer.start("--upcase.tcp.shutdown-grace=30s",
				"--upcase.tcp.lame-duck=0"));
		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("upcase.tcp.lame-duck (0s) + upcase.tcp.shutdown-grace (30s) = 30s must be shorter than "
					+ "spring.lifecycle.timeout-per-shutdown-phase (30s)")
			.contains("Lower upcase.tcp.shutdown-grace or upcase.tcp.lame-duck so that together they stay below "
					+ "30s, or raise spring.lifecycle.timeout-per-shutdown-phase to at least 35s")
			.doesNotContain("Listening for TCP clients")
			.doesNotContain("\tat ");
	}

	@Test
	void theLameDuckCountsToo(CapturedOutput output) {
		// each fits alone: 25s of grace, 10s of lame duck; together they do not
		assertThatException().isThrownBy(() -> UpcaseServer.start("--upcase.tcp.shutdown-grace=25s",
				"--upcase.tcp.lame-duck=10s"));
		assertThat(output.getOut()).contains("upcase.tcp.lame-duck (10s) + upcase.tcp.shutdown-grace (25s) = 35s "
				+ "must be shorter than spring.lifecycle.timeout-per-shutdown-phase (30s)")
			.contains("raise spring.lifecycle.timeout-per-shutdown-phase to at least 40s");
	}

	@Test
	void aLongerGraceIsRefusedAgainstAShorterPhaseToo(CapturedOutput output) {
		assertThatException().isThrownBy(() -> UpcaseServer.start("--upcase.tcp.shutdown-grace=1500ms",
				"--upcase.tcp.lame-duck=0", "--spring.lifecycle.timeout-per-shutdown-phase=1s"));
		assertThat(output.getOut()).contains("upcase.tcp.shutdown-grace (1500ms) = 1500ms must be shorter than "
				+ "spring.lifecycle.timeout-per-shutdown-phase (1s)");
	}

	@Test
	void aGraceThatFitsInsideARaisedPhaseStarts() {
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.shutdown-grace=40s",
				"--spring.lifecycle.timeout-per-shutdown-phase=50s")) {
			try (TcpTestClient client = new TcpTestClient(server.tcpPort())) {
				assertThat(new String(client.write("bith").readExactly(4), StandardCharsets.US_ASCII)).isEqualTo("BITH");
			}
		}
	}

}
