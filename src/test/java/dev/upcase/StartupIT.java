package dev.upcase;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Startup as an operator sees it: a free port is logged, a taken port stops the start with a short message that
 * says what is wrong and how to fix it, and no stack trace. (Bad settings: {@code server.config.SettingsFailureIT}.)
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupIT {

	@Test
	void portZeroPicksAFreePortAndLogsIt(CapturedOutput output) {
		try (UpcaseServer server = UpcaseServer.start()) {
			assertThat(server.tcpPort()).isPositive();
			assertThat(output.getOut()).contains("Listening for TCP clients on 127.0.0.1:" + server.tcpPort()
					+ " (framing raw, charset UTF-8, messages up to 65536 bytes, ");
		}
	}

	@Test
	void theStartUpLogSaysWhereItListensAndLittleElse(CapturedOutput output) {
		try (UpcaseServer server = UpcaseServer.start()) {
			assertThat(output.getOut())
				.contains("Listening for TCP clients on 127.0.0.1:" + server.tcpPort() + " (framing raw")
				.contains("Management endpoints on http://127.0.0.1:" + server.httpPort() + "/actuator")
				.doesNotContain("No bean named 'errorChannel'")
				.doesNotContain("subscriber(s)")
				.doesNotContain("started bean")
				.doesNotContain("Starting Servlet engine");
		}
	}

	@Test
	void aPortInUseFailsTheStartWithOneClearMessage(CapturedOutput output) throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = taken.getLocalPort();
			assertThatException().isThrownBy(() -> UpcaseServer.start("--upcase.tcp.port=" + port));
			assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
				.contains("upcase cannot listen on 127.0.0.1:" + port + ": the port is already in use.")
				.contains("upcase.tcp.port=0 picks any free port")
				.doesNotContain("\tat ");
		}
	}

}
