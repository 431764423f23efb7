package dev.upcase;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the transport does at the edges of the process: a SIGTERM while requests still sit in the kernel's buffers,
 * and a process out of file descriptors. Each against the packaged jar in a process of its own.
 */
class TransportLimitsIT {

	/**
	 * A client pipelines many requests and reads none of the replies yet; most of its requests are still in the
	 * kernel's buffers when the server gets SIGTERM. The drain reads and answers every one of them before closing.
	 */
	@Test
	void sigtermAnswersRequestsStillInTheKernelBuffers() throws Exception {
		try (ServerProcess server = ServerProcess.start(0, List.of(), "--upcase.tcp.framing=line");
				Socket client = new Socket("127.0.0.1", server.tcpPort())) {
			client.setSoTimeout(30_000);
			// accepted by the server, not only by the kernel, before the SIGTERM (one still in the accept backlog
			// when the drain begins is answered too: LameDuckIT)
			Awaitility.await().atMost(Duration.ofSeconds(10))
				.until(() -> server.log().contains(":" + client.getLocalPort() + " opened"));
			ByteArrayOutputStream requests = new ByteArrayOutputStream();
			for (int i = 0; i < 163_840; i++) {
				requests.writeBytes(("req " + i + "\n").getBytes(StandardCharsets.US_ASCII));
			}
			client.getOutputStream().write(requests.toByteArray()); // fits in the buffers: returns unanswered
			server.terminate();
			byte[] replies;
			try {
				replies = client.getInputStream().readAllBytes(); // every reply, then the server's close
			}
			catch (IOException ex) {
				throw new AssertionError("reading the replies failed (" + ex + "); the server's log:\n" + server.log(), ex);
			}
			assertThat(replies.length).as("reply bytes").isEqualTo(requests.size());
			assertThat(new String(replies, StandardCharsets.US_ASCII))
				.isEqualTo(requests.toString(StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT));
			assertThat(server.waitForExit(30)).isIn(0, 143);
			assertThat(server.log()).contains("163840 messages, 163840 replies").doesNotContain("ERROR");
		}
	}

	/**
	 * More clients than the process has file descriptors — over TCP, and over the Unix socket (the same accepting
	 * code, another kind of socket): accepting fails, and the server says so in a line or two (not one per attempt),
	 * does not spin, serves the clients it has, and accepts again once descriptors free up.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "tcp", "unix" })
	void runningOutOfFileDescriptorsIsLoggedOnceAndCostsNoCpu(String endpoint, @TempDir Path dir) throws Exception {
		Path socket = dir.resolve("upcase.sock");
		try (ServerProcess server = ServerProcess.start(400, List.of("-Xmx256m"), "--upcase.tcp.framing=line",
				"--upcase.unix.path=" + socket)) {
			Supplier<TcpTestClient> connect = () -> endpoint.equals("unix") ? TcpTestClient.unix(socket)
					: new TcpTestClient(server.tcpPort());
			List<TcpTestClient> clients = new ArrayList<>();
			try {
				for (int i = 0; i < 600; i++) {
					clients.add(connect.get()); // the kernel accepts into the backlog
				}
				Thread.sleep(1000);
				long cpuBefore = server.cpuMillis();
				Thread.sleep(3000);
				long cpu = server.cpuMillis() - cpuBefore;
				assertThat(cpu).as("server CPU over 3 s while it cannot accept (ms)").isLessThan(1500);
				long failureLines = server.logLines().stream().filter(l -> l.contains("Cannot accept connections")).count();
				assertThat(failureLines).as(server.log()).isBetween(1L, 2L);
				assertThat(server.log()).doesNotContain("\tat ");
				assertThat(clients.get(0).exchangeLine("first")).isEqualTo("FIRST");
			}
			finally {
				clients.forEach(TcpTestClient::close);
			}
			try (TcpTestClient late = connect.get()) {
				assertThat(late.exchangeLine("room again")).isEqualTo("ROOM AGAIN");
			}
		}
	}

	/**
	 * An {@link OutOfMemoryError} on an event loop (here: a 48 MB line into a 64 MB heap): the process can no longer
	 * be trusted, and liveness says so, so that the orchestrator restarts it.
	 */
	@Test
	void anOutOfMemoryErrorOnAnEventLoopTakesLivenessDown() throws Exception {
		try (ServerProcess server = ServerProcess.start(0, List.of("-Xmx64m"), "--upcase.tcp.framing=line",
				"--upcase.tcp.max-message-bytes=64MB", "--upcase.tcp.max-buffered-bytes=64MB")) {
			assertThat(server.httpStatus("/actuator/health/liveness")).isEqualTo(200);
			try (Socket client = new Socket("127.0.0.1", server.tcpPort())) {
				byte[] chunk = new byte[1024 * 1024];
				java.util.Arrays.fill(chunk, (byte) 'a');
				try {
					for (int i = 0; i < 48; i++) {
						client.getOutputStream().write(chunk);
					}
					client.getOutputStream().write('\n');
				}
				catch (IOException ex) {
					// the server closed the connection: expected once it failed
				}
			}
			Awaitility.await().atMost(Duration.ofSeconds(30))
				.until(() -> server.httpStatus("/actuator/health/liveness") == 503);
			assertThat(server.log()).contains("liveness is now BROKEN");
		}
	}

}
