package dev.upcase.client;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.jayway.jsonpath.JsonPath;
import dev.upcase.UpcaseServer;
import dev.upcase.client.ClientProcess.Result;
import dev.upcase.server.udp.DatagramEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code upcase client --udp bench}, in its own process, against the real server's UDP endpoint and against UDP
 * peers that misbehave: one that never answers (every datagram lost, the run still ends) and one that answers
 * wrongly.
 */
class DatagramBenchIT {

	private static UpcaseServer server;

	private static String port;

	@BeforeAll
	static void start() {
		// the bench sends tens of thousands of datagrams a second from one address: far over the per-source default
		server = UpcaseServer.start("--upcase.udp.enabled=true", "--upcase.udp.port=0",
				"--upcase.udp.per-source-rate=10000000");
		port = String.valueOf(server.context().getBean(DatagramEndpoint.class).port());
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void everyReplyIsCountedAndRightAndEachCameOverUdp() {
		double repliesBefore = repliesSent();
		Result result = ClientProcess.run("--udp", "--port", port, "bench", "--connections", "2", "--duration", "2s",
				"--warmup", "500ms", "--size", "48", "--json");
		assertThat(result.exitCode()).as(result.stderr()).isZero();
		String json = result.stdout();
		assertThat((Integer) JsonPath.read(json, "$.connections")).isEqualTo(2);
		assertThat((String) JsonPath.read(json, "$.framing")).isEqualTo("datagram");
		long requests = ((Number) JsonPath.read(json, "$.requests")).longValue();
		assertThat(requests).isPositive();
		assertThat(((Number) JsonPath.read(json, "$.rps")).doubleValue()).isPositive();
		assertThat((Integer) JsonPath.read(json, "$.errors")).isZero();
		assertThat((Integer) JsonPath.read(json, "$.mismatches")).isZero();
		assertThat(((Number) JsonPath.read(json, "$.lost")).longValue()).isNotNegative();
		assertThat(((Number) JsonPath.read(json, "$.latencyMicros.p50")).longValue()).isPositive();
		// the server's UDP endpoint sent every reply the bench counted (and those of the warm-up)
		assertThat(repliesSent() - repliesBefore).isGreaterThanOrEqualTo(requests);
		assertThat(result.stderrLines()).first().asString().isEqualTo("bench: 2 UDP sockets open, warming up for 500ms");
	}

	@Test
	void pipelinedDatagramsAfterTheWordBenchPrintTheTextSummary() {
		Result result = ClientProcess.run("bench", "--udp", "--port", port, "--connections", "3", "--pipeline", "16",
				"--duration", "2s", "--warmup", "500ms");
		assertThat(result.exitCode()).as(result.stderr()).isZero();
		assertThat(result.stdout())
			.containsPattern("^upcase bench: 3 UDP sockets, 16 in flight on each, 32-byte requests, a datagram each, "
					+ "\\d+\\.\\d s measured\n")
			.contains("errors        0\n", "mismatches    0\n")
			.containsPattern("\nlost +[\\d,]+\n")
			.containsPattern("requests +[1-9][\\d,]* +\\([\\d,]+ per second\\)");
		assertThat(result.stderrLines()).filteredOn(line -> line.contains("req/s"))
			.hasSizeGreaterThanOrEqualTo(2)
			.allSatisfy(line -> assertThat(line).contains("lost "));
	}

	@Test
	void aPeerThatNeverAnswersLosesEveryDatagramAndTheRunStillEnds() throws IOException {
		// a bound socket that takes every datagram and answers none: nothing for the kernel to refuse
		try (Peer silent = new Peer(false)) {
			Result result = ClientProcess.run("--udp", "--port", silent.portText(), "--timeout", "300ms", "bench",
					"--connections", "2", "--pipeline", "4", "--duration", "1500ms", "--warmup", "200ms", "--json");
			assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCode.BENCH_FAILED.status());
			String json = result.stdout();
			assertThat((Integer) JsonPath.read(json, "$.requests")).isZero();
			assertThat((Integer) JsonPath.read(json, "$.errors")).isZero();
			assertThat((Integer) JsonPath.read(json, "$.mismatches")).isZero();
			long lost = ((Number) JsonPath.read(json, "$.lost")).longValue();
			// more than the 8 first in flight: a lost datagram's slot is filled again, and that one is lost too
			assertThat(lost).isGreaterThan(2 * 4);
			assertThat(silent.received()).isGreaterThanOrEqualTo(lost);
			assertThat(result.stderrLines())
				.contains("upcase: no reply from 127.0.0.1:" + silent.portText() + " within 300ms: all " + lost
						+ " datagrams lost");
			assertThat(result.took()).as("the run ends: warm-up, measurement, no waiting for replies")
				.isLessThan(Duration.ofSeconds(60));
		}
	}

	@Test
	void aPeerThatEchoesWithoutUppercasingFailsTheBenchWithMismatches() throws IOException {
		try (Peer echo = new Peer(true)) {
			Result result = ClientProcess.run("--udp", "--port", echo.portText(), "bench", "--connections", "1",
					"--duration", "1s", "--warmup", "200ms", "--json");
			assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCode.BENCH_FAILED.status());
			assertThat(((Number) JsonPath.read(result.stdout(), "$.mismatches")).longValue()).isPositive();
			assertThat((Integer) JsonPath.read(result.stdout(), "$.requests")).isZero();
		}
	}

	@Test
	void nothingListeningFailsAtOnceLikeARefusedConnection() throws IOException {
		int free;
		try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			free = probe.getLocalPort();
		}
		Result result = ClientProcess.run("--udp", "--port", String.valueOf(free), "--timeout", "60s", "bench",
				"--duration", "1s");
		assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCode.CONNECTION_REFUSED.status());
		assertThat(result.stdout()).isEmpty();
		assertThat(result.stderrLines()).containsExactly("upcase: cannot connect to 127.0.0.1:" + free
				+ ": nothing listens on UDP port " + free + " (port unreachable)");
		assertThat(result.took()).as("not the whole --timeout").isLessThan(Duration.ofSeconds(50));
	}

	private static double repliesSent() {
		var response = server.get("/actuator/metrics/upcase.udp.datagrams.out");
		assertThat(response.statusCode()).isEqualTo(200);
		return ((Number) JsonPath.read(response.body(), "$.measurements[0].value")).doubleValue();
	}

	/** A UDP peer on the loopback that either echoes each datagram as it came (not uppercased) or answers none. */
	private static final class Peer implements AutoCloseable {

		private final DatagramSocket socket;

		private final AtomicLong received = new AtomicLong();

		Peer(boolean echo) throws IOException {
			this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			Thread thread = new Thread(() -> serve(echo), "udp-peer");
			thread.setDaemon(true);
			thread.start();
		}

		private void serve(boolean echo) {
			byte[] buffer = new byte[65536];
			try {
				while (true) {
					DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
					this.socket.receive(packet);
					this.received.incrementAndGet();
					if (echo) {
						this.socket.send(packet);
					}
				}
			}
			catch (SocketException ex) {
				// closed: the test is over
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		String portText() {
			return String.valueOf(this.socket.getLocalPort());
		}

		long received() {
			return this.received.get();
		}

		@Override
		public void close() {
			this.socket.close();
		}

	}

}
