package dev.upcase;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client still reading its replies is not idle, even while the server writes nothing: with a 3 s idle timeout
 * (and a 10 s write timeout), a client sends 4.6 MB of requests in one go, then takes 16 KiB of replies every half
 * second through a 64 KiB receive buffer for 15 s, then the rest as fast as it can. For seconds at a time the
 * server's writes make no progress of their own: its outbound buffer is over {@code max-unsent-bytes}, so it has
 * stopped reading, and the kernel sends the slow reader's window in bursts about 3 s apart (as long as the idle timeout). Replies waiting are the
 * write timeout's to judge, and the kernel sees the client take them ({@code TCP_INFO}, epoll): the connection stays
 * open and every reply arrives. (Before, the server closed it {@code idle} after 5–10 s, with requests unread: a
 * reset, and about 10,000 of 160,000 replies lost.) A connection that moves nothing is still closed at the idle
 * timeout, and one that sends its backlog and never reads at the write timeout ({@code slow}) — on epoll, where the
 * kernel is asked, and on NIO, where it cannot be ({@code -Dio.netty.transport.noNative}). The packaged jar in a
 * process of its own: the transport is chosen once per JVM.
 */
class SlowReaderIT {

	private static final int REQUESTS = 160_000;

	/** How long the client reads slowly. */
	private static final long SLOW_MILLIS = 15_000;

	// the idle timeout of the report (3 s): on a machine loaded far past its cores, the client's writer thread can
	// itself be kept off the CPU for a second, and that connection is then idle indeed
	private static final String[] SERVER = { "--upcase.tcp.framing=line", "--upcase.tcp.idle-timeout=3s",
			"--upcase.tcp.write-timeout=10s" };

	@Test
	void aClientSlowlyTakingItsRepliesGetsEveryOneOnEpoll() throws Exception {
		try (ServerProcess server = ServerProcess.start(0, List.of(), SERVER)) {
			byte[] backlog = backlog();
			try (Socket socket = slowSocket(server)) {
				sendBacklog(socket, backlog);
				InputStream in = socket.getInputStream();
				BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 16 * 1024);
				int received = 0;
				byte[] chunk = new byte[16 * 1024];
				StringBuilder pending = new StringBuilder();
				long slowUntil = System.currentTimeMillis() + SLOW_MILLIS;
				while (received < REQUESTS) {
					int n = in.read(chunk); // at most 16 KiB, then a pause: a reader slower than the server
					if (n < 0) {
						break;
					}
					pending.append(new String(chunk, 0, n, StandardCharsets.US_ASCII));
					int end;
					while ((end = pending.indexOf("\n")) >= 0) {
						assertThat(pending.substring(0, end)).isEqualTo(request(received).toUpperCase());
						pending.delete(0, end + 1);
						received++;
					}
					if (slowUntil == 0) {
						continue;
					}
					if (System.currentTimeMillis() < slowUntil) {
						Thread.sleep(500);
					}
					else {
						slowUntil = 0;
						assertThat(server.log()).as("open after %d s of slow reading", SLOW_MILLIS / 1000)
							.doesNotContain(" closed (");
					}
				}
				assertThat(received).as("replies received before the server closed\n%s", server.log()).isEqualTo(REQUESTS);
				assertThat(lines.read()).as("then, idle, the connection is closed").isEqualTo(-1);
			}
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.log().contains(" closed (idle: "));
			assertThat(server.log()).contains(REQUESTS + " messages, " + REQUESTS + " replies");
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "epoll", "nio" })
	void aSilentClientAndOneThatNeverReadsAreStillClosedAtTheIdleTimeout(String transport) throws Exception {
		List<String> jvm = transport.equals("nio") ? List.of("-Dio.netty.transport.noNative=true") : List.of();
		try (ServerProcess server = ServerProcess.start(0, jvm, SERVER)) {
			try (TcpTestClient silent = new TcpTestClient(server.tcpPort())) {
				assertThat(silent.exchangeLine("one")).isEqualTo("ONE");
				assertThat(silent.closedByServer()).as("closed when idle").isTrue();
			}
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> server.log().contains("closed (idle: no bytes moved either way for 3s)"));
			byte[] backlog = backlog();
			try (Socket socket = slowSocket(server)) {
				sendBacklog(socket, backlog); // and never read: the kernel sees no progress either (zero-window probes only)
				Awaitility.await()
					.atMost(Duration.ofSeconds(120))
					.until(() -> server.log().contains(" closed (slow: took no reply bytes for 10s ("));
			}
		}
	}

	private static Socket slowSocket(ServerProcess server) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(64 * 1024); // before connecting: the window the client offers
		socket.connect(new InetSocketAddress("127.0.0.1", server.tcpPort()), 10_000);
		socket.setSoTimeout(60_000);
		return socket;
	}

	/**
	 * Every request, made before the client connects: making them takes seconds on a loaded machine, and a client
	 * that says nothing for the idle timeout after connecting is idle indeed.
	 */
	private static byte[] backlog() {
		StringBuilder backlog = new StringBuilder();
		for (int i = 0; i < REQUESTS; i++) {
			backlog.append(request(i)).append('\n');
		}
		return backlog.toString().getBytes(StandardCharsets.US_ASCII);
	}

	/** Sends every request in one go, from a thread of its own: the server stops reading while replies wait. */
	private static void sendBacklog(Socket socket, byte[] backlog) {
		Thread writer = new Thread(() -> {
			try {
				OutputStream out = socket.getOutputStream();
				out.write(backlog);
				out.flush();
			}
			catch (IOException ex) {
				// closed by the server (the client that never reads)
			}
		}, "backlog-writer");
		writer.setDaemon(true);
		writer.start();
	}

	private static String request(int i) {
		return String.format("request %06d of the backlog", i);
	}

}
