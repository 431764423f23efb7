package dev.upcase;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How connections end when the server ends them: one log line each, with the reason.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConnectionLifecycleIT {

	@Test
	void aSilentConnectionIsClosedAfterTheIdleTimeout(CapturedOutput output) {
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.idle-timeout=1s");
				TcpTestClient idle = server.connect(); TcpTestClient busy = server.connect()) {
			long started = System.nanoTime();
			for (int i = 0; i < 6; i++) { // busy talks for 1.5 s: activity keeps it open
				busy.write("ping");
				assertThat(busy.readSome(64)).containsExactly('P', 'I', 'N', 'G');
				sleep(250);
			}
			assertThat(idle.closedByServer()).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
			busy.write("still open");
			assertThat(new String(busy.readSome(64))).isEqualTo("STILL OPEN");
			Awaitility.await().atMost(Duration.ofSeconds(5))
				.until(() -> output.getOut().contains("127.0.0.1:" + idle.localPort() + " closed (idle: no bytes moved either way for 1s)"));
		}
	}

	@Test
	void connectionsOpenWhenTheServerStopsAreClosedForShutdown(CapturedOutput output) {
		UpcaseServer server = UpcaseServer.start();
		try (TcpTestClient client = server.connect()) {
			client.write("hi");
			assertThat(client.readSome(8)).containsExactly('H', 'I');
			server.close();
			assertThat(client.closedByServer()).isTrue();
			assertThat(output.getOut()).contains("127.0.0.1:" + client.localPort() + " closed (shutdown)")
				.doesNotContain(" ERROR ")
				.doesNotContain("\tat ");
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
