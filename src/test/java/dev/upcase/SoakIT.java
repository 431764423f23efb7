package dev.upcase;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.upcase.framing.Framing;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients for a bounded time against servers in three framings at once, with random text (multi-byte
 * included), random disconnects and resets: every reply is checked, and every server ends with no connection
 * open and every request it read answered.
 */
class SoakIT {

	private static final Duration SOAK = Duration.ofSeconds(8);

	private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz ßñúöé世界😀0123456789";

	@Test
	void mixedClientsForABoundedTimeGetOnlyRightAnswersAndLeaveNothingBehind() throws Exception {
		List<Framing> framings = List.of(Framing.LINE, Framing.LENGTH, Framing.STX_ETX);
		List<UpcaseServer> servers = new ArrayList<>();
		ExecutorService clients = Executors.newFixedThreadPool(30);
		try {
			for (Framing framing : framings) {
				servers.add(UpcaseServer.start("--upcase.tcp.framing=" + framing.configName()));
			}
			AtomicLong answered = new AtomicLong();
			long end = System.nanoTime() + SOAK.toNanos();
			List<Future<?>> runs = new ArrayList<>();
			for (int c = 0; c < 30; c++) {
				int n = c;
				runs.add(clients.submit(() -> {
					Random random = new Random(n);
					Framing framing = framings.get(n % framings.size());
					UpcaseServer server = servers.get(n % framings.size());
					while (System.nanoTime() < end) {
						try (TcpTestClient client = server.connect()) {
							int requests = random.nextInt(50);
							for (int i = 0; i < requests; i++) {
								String text = randomText(random);
								byte[] request = text.getBytes(StandardCharsets.UTF_8);
								byte[] expected = text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
								client.write(Wire.frame(framing, request));
								assertThat(new String(Wire.readReply(framing, client, expected.length), StandardCharsets.UTF_8))
									.isEqualTo(text.toUpperCase(Locale.ROOT));
								answered.incrementAndGet();
							}
							switch (random.nextInt(3)) {
								case 0 -> client.write(Wire.frame(framing, new byte[] { 'x' })); // a last request, reply unread
								case 1 -> {
									client.write(Wire.frame(framing, "cut".getBytes(StandardCharsets.UTF_8)), 2); // mid-message
									client.reset();
								}
								default -> { } // plain close
							}
						}
					}
					return null;
				}));
			}
			for (Future<?> run : runs) {
				run.get(SOAK.toSeconds() + 60, TimeUnit.SECONDS);
			}
			assertThat(answered.get()).isGreaterThan(1000);
			for (UpcaseServer server : servers) {
				Awaitility.await().atMost(Duration.ofSeconds(10))
					.until(() -> FaultToleranceIT.metric(server, "upcase.connections.active") == 0);
				assertThat(FaultToleranceIT.metric(server, "upcase.transform.errors")).isZero();
				assertThat(FaultToleranceIT.metric(server, "upcase.messages.out"))
					.isEqualTo(FaultToleranceIT.metric(server, "upcase.messages.in"));
			}
		}
		finally {
			clients.shutdownNow();
			servers.forEach(UpcaseServer::close);
		}
	}

	private static String randomText(Random random) {
		int length = random.nextInt(200);
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			text.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
		}
		return text.toString();
	}

}
