package dev.upcase;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * SIGTERM in the middle of traffic, to the packaged jar in its own process: every request the server read is
 * answered, every answer is right, the process exits within the grace period, and the log stays quiet.
 */
class ShutdownIT {

	private static final Pattern LISTENING = Pattern.compile("Listening for TCP clients on 127\\.0\\.0\\.1:(\\d+)");

	private static final Pattern CLOSED = Pattern.compile("closed \\((\\w+)[^)]*\\) after .*?, (\\d+) messages, (\\d+) replies");

	@Test
	void sigtermDuringTrafficLosesNoReplyThatWasOwed() throws Exception {
		Process server = new ProcessBuilder(PackagedJar.command("--upcase.tcp.port=0", "--server.port=0",
				"--upcase.tcp.framing=line", "--spring.security.user.password=x"))
			.redirectErrorStream(true)
			.start();
		List<String> log = new CopyOnWriteArrayList<>();
		CountDownLatch listening = new CountDownLatch(1);
		int[] port = new int[1];
		Thread pump = new Thread(() -> {
			try (BufferedReader reader = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					log.add(line);
					Matcher m = LISTENING.matcher(line);
					if (m.find()) {
						port[0] = Integer.parseInt(m.group(1));
						listening.countDown();
					}
				}
			}
			catch (IOException ex) {
				// process ended
			}
		});
		pump.setDaemon(true);
		pump.start();
		assertThat(listening.await(60, TimeUnit.SECONDS)).as("server listening").isTrue();

		List<ClientRun> clients = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			clients.add(new ClientRun(i, port[0]));
		}
		clients.forEach(ClientRun::start);
		Thread.sleep(1500); // traffic in full swing
		server.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
		for (ClientRun client : clients) {
			client.join(30_000);
			assertThat(client.isAlive()).as("client %d saw its connection end", client.number).isFalse();
		}
		assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("exited within the grace period").isTrue();
		assertThat(server.exitValue()).isIn(0, 143);
		pump.join(5000);

		for (ClientRun client : clients) {
			assertThat(client.wrong).as("client %d got only right answers", client.number).isZero();
			assertThat(client.answered).as("client %d had traffic", client.number).isPositive();
			// the one request a client may send while the server closes its connection was never read by it
			assertThat(client.sent - client.answered).as("client %d unanswered", client.number).isBetween(0L, 1L);
		}
		List<Matcher> closes = log.stream().map(CLOSED::matcher).filter(Matcher::find).toList();
		assertThat(closes).as(String.join("\n", log)).hasSizeGreaterThanOrEqualTo(10);
		for (Matcher close : closes) {
			assertThat(close.group(2)).as("requests read = replies written: " + close.group()).isEqualTo(close.group(3));
		}
		assertThat(log).noneMatch(line -> line.contains(" ERROR ") || line.startsWith("\tat "));
	}

	/**
	 * SIGTERM with a lame duck: readiness is DOWN at once (503, or the management port no longer answers: the web
	 * server's graceful shutdown runs beside the drain), a client that connects during the period is answered; after
	 * it, new clients are refused; the process exits normally.
	 */
	@Test
	void sigtermWithALameDuckAnswersNewClientsWhileReadinessIsDownThenRefusesThem() throws Exception {
		try (ServerProcess server = ServerProcess.start(0, List.of(), "--upcase.tcp.framing=line",
				"--upcase.tcp.lame-duck=8s");
				TcpTestClient before = new TcpTestClient(server.tcpPort())) {
			assertThat(server.httpStatus("/actuator/health/readiness")).isEqualTo(200);
			assertThat(before.exchangeLine("before")).isEqualTo("BEFORE");
			server.terminate();
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.log().contains("tcp lame duck"));
			assertThat(readinessUp(server)).as("readiness during the lame duck").isFalse();
			try (TcpTestClient late = new TcpTestClient(server.tcpPort())) {
				assertThat(late.exchangeLine("late")).as("a new client during the lame duck").isEqualTo("LATE");
			}
			assertThat(before.exchangeLine("still")).isEqualTo("STILL");
			assertThat(server.log()).as("the checks above ran within the lame duck").doesNotContain("tcp draining");

			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.log().contains("tcp draining"));
			assertThat(before.closedByServer()).isTrue();
			assertRefused(server);
			assertThat(server.waitForExit(30)).isIn(0, 143);
			assertThat(server.log()).doesNotContain(" ERROR ");
		}
	}

	/** With {@code upcase.tcp.lame-duck=0}, SIGTERM drains at once, as before there was a lame duck. */
	@Test
	void sigtermWithoutALameDuckDrainsAtOnce() throws Exception {
		try (ServerProcess server = ServerProcess.start(0, List.of(), "--upcase.tcp.framing=line",
				"--upcase.tcp.lame-duck=0");
				TcpTestClient before = new TcpTestClient(server.tcpPort())) {
			assertThat(before.exchangeLine("before")).isEqualTo("BEFORE");
			server.terminate();
			assertThat(before.closedByServer()).isTrue();
			assertRefused(server);
			assertThat(server.waitForExit(30)).isIn(0, 143);
			assertThat(server.log()).contains("tcp draining").doesNotContain("lame duck").doesNotContain(" ERROR ");
		}
	}

	private static boolean readinessUp(ServerProcess server) throws InterruptedException {
		try {
			return server.httpStatus("/actuator/health/readiness") == 200;
		}
		catch (IOException ex) {
			return false; // the web server no longer takes connections: as DOWN to a probe
		}
	}

	private static void assertRefused(ServerProcess server) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThatExceptionOfType(UncheckedIOException.class)
				.isThrownBy(() -> new TcpTestClient(server.tcpPort()).close())
				.withRootCauseInstanceOf(ConnectException.class));
	}

	/** A client in a tight request/reply loop until the server closes its connection. */
	private static final class ClientRun extends Thread {

		final int number;

		private final int port;

		volatile long sent;

		volatile long answered;

		volatile long wrong;

		ClientRun(int number, int port) {
			super("client-" + number);
			this.number = number;
			this.port = port;
		}

		@Override
		public void run() {
			try (TcpTestClient client = new TcpTestClient(this.port)) {
				for (long i = 0;; i++) {
					String request = "client " + this.number + " request " + i;
					client.write(request + "\n");
					this.sent++;
					String reply = client.readLine();
					this.answered++;
					if (!reply.equals(request.toUpperCase())) {
						this.wrong++;
					}
				}
			}
			catch (UncheckedIOException ex) {
				// the server closed the connection: the end of this run
			}
		}

	}

}
