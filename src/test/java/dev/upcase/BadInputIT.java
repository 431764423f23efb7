package dev.upcase;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and broken clients: each gets its defined outcome, is logged with its address, and nobody else notices.
 */
@ExtendWith(OutputCaptureExtension.class)
class BadInputIT {

	private static UpcaseServer line;

	private static UpcaseServer length;

	private static UpcaseServer stxEtx;

	@BeforeAll
	static void start() {
		line = UpcaseServer.start("--upcase.tcp.framing=line", "--upcase.tcp.max-message-bytes=1KB");
		length = UpcaseServer.start("--upcase.tcp.framing=length", "--upcase.tcp.max-message-bytes=1KB");
		stxEtx = UpcaseServer.start("--upcase.tcp.framing=stx-etx", "--upcase.tcp.max-message-bytes=1KB");
	}

	@AfterAll
	static void stop() {
		line.close();
		length.close();
		stxEtx.close();
	}

	@Test
	void anOversizedMessageClosesThatConnectionOnlyWithAWarningNamingPeerAndLimit(CapturedOutput output) {
		try (TcpTestClient bystander = line.connect(); TcpTestClient offender = line.connect()) {
			assertThat(bystander.exchangeLine("before")).isEqualTo("BEFORE");
			assertThat(offender.writeUntilClosed("x".repeat(1024 * 1024))).isTrue(); // 1 MiB and no delimiter
			assertThat(bystander.exchangeLine("after")).isEqualTo("AFTER");
			Awaitility.await().atMost(Duration.ofSeconds(5))
				.until(() -> output.getOut().lines()
					.anyMatch(l -> l.contains("WARN") && l.contains("closed (oversize: message over the limit of 1024 bytes")
							&& l.contains("127.0.0.1:" + offender.localPort())));
		}
		try (TcpTestClient next = line.connect()) {
			assertThat(next.exchangeLine("x".repeat(1024))).isEqualTo("X".repeat(1024)); // exactly the limit is fine
		}
	}

	@Test
	void invalidUtf8AndBinaryBytesComeBackUnchangedAroundUppercasedText() {
		byte[] request = { 'a', (byte) 0xff, (byte) 0xc3, 'b', 0x00, (byte) 0x80, 'c' };
		try (TcpTestClient client = length.connect()) {
			client.write(Wire.frame(dev.upcase.framing.Framing.LENGTH, request));
			assertThat(Wire.readReply(dev.upcase.framing.Framing.LENGTH, client, request.length))
				.containsExactly('A', 0xff, 0xc3, 'B', 0x00, 0x80, 'C');
		}
	}

	@Test
	void lengthHeadersThatLieCloseTheConnection(CapturedOutput output) {
		try (TcpTestClient client = length.connect()) {
			client.write(ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array());
			assertThat(client.closedByServer()).isTrue();
		}
		try (TcpTestClient client = length.connect()) {
			client.write(ByteBuffer.allocate(4).putInt(-5).array());
			assertThat(client.closedByServer()).isTrue();
		}
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("length header says 2147483647")
				&& output.getOut().contains("closed (malformed: negative length header -5"));
		assertServes(length, dev.upcase.framing.Framing.LENGTH);
	}

	@Test
	void aMessageThatDoesNotStartWithStxClosesTheConnection(CapturedOutput output) {
		try (TcpTestClient client = stxEtx.connect()) {
			client.write("no stx\u0003");
			assertThat(client.closedByServer()).isTrue();
		}
		Awaitility.await().atMost(Duration.ofSeconds(5))
			.until(() -> output.getOut().contains("closed (malformed: expected STX (0x02) to start a message, got 0x6e"));
		assertServes(stxEtx, dev.upcase.framing.Framing.STX_ETX);
	}

	@Test
	void clientsThatVanishMidMessageDoNotDisturbTheServer(CapturedOutput output) {
		for (int i = 0; i < 20; i++) {
			try (TcpTestClient client = line.connect()) {
				client.write("half a mess");
				if (i % 2 == 0) {
					client.reset();
				}
			}
		}
		try (TcpTestClient client = line.connect()) {
			client.write("a whole message\n");
			client.reset(); // before the reply can be read
		}
		assertServes(line, dev.upcase.framing.Framing.LINE);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().lines()
			.filter(l -> l.contains("closed (client")).count() >= 21);
		assertThat(output.getOut()).doesNotContain(" ERROR ").doesNotContain("\tat ");
	}

	private static void assertServes(UpcaseServer server, dev.upcase.framing.Framing framing) {
		try (TcpTestClient client = server.connect()) {
			client.write(Wire.frame(framing, "still here".getBytes(StandardCharsets.UTF_8)));
			assertThat(new String(Wire.readReply(framing, client, 10), StandardCharsets.UTF_8)).isEqualTo("STILL HERE");
		}
	}

}
