package dev.upcase;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that misbehave on purpose, and what everyone else sees meanwhile: the fault suite of the README's
 * "Limits and failure behaviour" table.
 */
@ExtendWith(OutputCaptureExtension.class)
class FaultToleranceIT {

	@Test
	void connectionsOverTheLimitAreRefusedAtOnceAndCountedWhileOthersCarryOn(CapturedOutput output) {
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.framing=line", "--upcase.tcp.max-connections=5")) {
			List<TcpTestClient> admitted = new ArrayList<>();
			try {
				for (int i = 0; i < 5; i++) {
					TcpTestClient client = server.connect();
					admitted.add(client);
					assertThat(client.exchangeLine("in " + i)).isEqualTo("IN " + i);
				}
				for (int i = 0; i < 5; i++) {
					try (TcpTestClient refused = server.connect()) {
						assertThat(refused.closedByServer()).as("connection over the limit is closed").isTrue();
					}
				}
				for (TcpTestClient client : admitted) {
					assertThat(client.exchangeLine("still")).isEqualTo("STILL");
				}
				assertThat(metric(server, "upcase.connections.rejected")).isEqualTo(5);
				assertThat(metric(server, "upcase.connections.active")).isEqualTo(5);
				assertThat(output.getOut().lines().filter(l -> l.contains("Refusing tcp connections over "
						+ "upcase.tcp.max-connections=5"))).as("one log line for the burst").hasSize(1);
				admitted.remove(0).close();
				Awaitility.await().atMost(Duration.ofSeconds(5))
					.until(() -> metric(server, "upcase.connections.active") == 4);
				try (TcpTestClient next = server.connect()) {
					assertThat(next.exchangeLine("room again")).isEqualTo("ROOM AGAIN");
				}
			}
			finally {
				admitted.forEach(TcpTestClient::close);
			}
		}
	}

	@Test
	void clientsStalledMidMessageHoldNoThreadsAndAreClosedWhenIdle(CapturedOutput output) {
		// twenty clients that each send half a message and stall: the one selector thread must not notice
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.framing=line", "--upcase.tcp.event-loop-threads=2",
				"--upcase.tcp.idle-timeout=3s")) {
			List<TcpTestClient> stalled = new ArrayList<>();
			try {
				for (int i = 0; i < 20; i++) {
					TcpTestClient client = server.connect();
					client.write("the first half of a mess");
					stalled.add(client);
				}
				try (TcpTestClient healthy = server.connect()) {
					for (int i = 0; i < 100; i++) {
						assertThat(healthy.exchangeLine("request " + i)).isEqualTo("REQUEST " + i);
					}
				}
				for (TcpTestClient client : stalled) {
					assertThat(client.closedByServer()).isTrue();
				}
				Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().lines()
					.filter(l -> l.contains("closed (idle: no bytes moved either way for 3s)")).count() == 20);
			}
			finally {
				stalled.forEach(TcpTestClient::close);
			}
		}
	}

	@Test
	void aClientThatNeverReadsItsRepliesIsCutOffWithoutDelayingOthers(CapturedOutput output) throws IOException {
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.framing=line", "--upcase.tcp.event-loop-threads=2",
				"--upcase.tcp.max-unsent-bytes=64KB", "--upcase.tcp.write-timeout=2s");
				Socket deaf = new Socket()) {
			deaf.setReceiveBufferSize(4096); // fills fast: what the server cannot send piles up on its side
			deaf.connect(new InetSocketAddress("127.0.0.1", server.tcpPort()));
			deaf.setSoTimeout(1000);
			byte[] request = ("x".repeat(16 * 1024) + "\n").getBytes(StandardCharsets.US_ASCII);
			TcpTestClient.floodWithoutReading(deaf.getOutputStream(), request, 2000); // 32 MB
			try (TcpTestClient healthy = server.connect()) {
				for (int i = 0; i < 200; i++) {
					assertThat(healthy.exchangeLine("meanwhile " + i)).isEqualTo("MEANWHILE " + i);
				}
			}
			Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> output.getOut().lines()
				.anyMatch(l -> l.contains("127.0.0.1:" + deaf.getLocalPort() + " closed (slow: ")));
			assertThat(metric(server, "upcase.connections.closed", "reason:slow")).isEqualTo(1);
		}
	}

	@Test
	void stxWithoutEtxIsCutAtTheLimitOrClosedWhenIdle(CapturedOutput output) {
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.framing=stx-etx",
				"--upcase.tcp.max-message-bytes=1KB", "--upcase.tcp.idle-timeout=2s")) {
			try (TcpTestClient endless = server.connect(); TcpTestClient stalled = server.connect()) {
				assertThat(endless.writeUntilClosed("\u0002" + "y".repeat(100_000))).isTrue();
				stalled.write("\u0002only the start");
				assertThat(stalled.closedByServer()).isTrue();
			}
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("closed (oversize: "
					+ "message over the limit of 1024 bytes (no ETX within the limit))")
					&& output.getOut().contains("closed (idle: no bytes moved either way for 2s)"));
		}
	}

	static double metric(UpcaseServer server, String name, String... tags) {
		StringBuilder query = new StringBuilder("/actuator/metrics/" + name);
		for (int i = 0; i < tags.length; i++) {
			query.append(i == 0 ? '?' : '&').append("tag=").append(tags[i]);
		}
		return ((Number) JsonPath.read(server.get(query.toString()).body(), "$.measurements[0].value")).doubleValue();
	}

}
