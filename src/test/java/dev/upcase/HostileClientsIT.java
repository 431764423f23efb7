package dev.upcase;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.upcase.framing.Framing;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.upcase.FaultToleranceIT.metric;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that try to break the transport, each one a way an earlier transport did break (issue 10's list), over
 * real sockets against the real application. Each test says what it proves; none measures time to pass.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileClientsIT {

	/**
	 * A length header announces a large message and the body never comes: the server holds the bytes that came
	 * (the header), never a buffer of the announced size. Two thousand such clients cost a few kilobytes.
	 */
	@Test
	void lengthHeadersThatAnnounceMuchAndSendNothingCostOnlyTheirBytes() {
		// two thousand from one address: over the per-peer limit's default (1,000)
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.framing=length",
				"--upcase.tcp.max-connections-per-peer=2001")) {
			List<Socket> stalled = new ArrayList<>();
			try {
				for (int i = 0; i < 2000; i++) {
					Socket client = new Socket("127.0.0.1", server.tcpPort());
					client.getOutputStream().write(new byte[] { 0, 1, 0, 0 }); // 65,536 bytes announced, none sent
					stalled.add(client);
				}
				Awaitility.await().atMost(Duration.ofSeconds(30))
					.until(() -> metric(server, "upcase.connections.active") == 2000);
				Awaitility.await().atMost(Duration.ofSeconds(10))
					.until(() -> metric(server, "upcase.requests.buffered") == 2000 * 4);
				try (TcpTestClient healthy = server.connect()) {
					healthy.write(Wire.frame(Framing.LENGTH, "still served".getBytes(StandardCharsets.UTF_8)));
					assertThat(new String(Wire.readReply(Framing.LENGTH, healthy, 12), StandardCharsets.UTF_8))
						.isEqualTo("STILL SERVED");
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			finally {
				stalled.forEach(HostileClientsIT::closeQuietly);
			}
		}
	}

	/**
	 * Giant lines from several clients at once, with {@code max-message-bytes} far above what the memory budget
	 * can hold for all of them: reading pauses instead of allocating (the held bytes never pass the budget plus one
	 * message), every client still gets its whole answer, and a small client is served meanwhile.
	 */
	@Test
	void giantLinesFromSeveralClientsStayWithinTheMemoryBudgetAndAreAllAnswered() throws Exception {
		int lineBytes = 12 * 1024 * 1024;
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.framing=line",
				"--upcase.tcp.max-message-bytes=16MB", "--upcase.tcp.max-buffered-bytes=16MB")) {
			AtomicLong mostHeld = new AtomicLong();
			Thread sampler = new Thread(() -> {
				while (!Thread.currentThread().isInterrupted()) {
					mostHeld.accumulateAndGet((long) metric(server, "upcase.requests.buffered"), Math::max);
				}
			});
			sampler.setDaemon(true);
			sampler.start();
			List<GiantLineClient> giants = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				giants.add(new GiantLineClient(server.tcpPort(), lineBytes, (char) ('a' + i)));
			}
			giants.forEach(Thread::start);
			try (TcpTestClient small = server.connect()) {
				for (int i = 0; i < 20; i++) {
					assertThat(small.exchangeLine("small " + i)).isEqualTo("SMALL " + i);
				}
			}
			for (GiantLineClient giant : giants) {
				giant.join(120_000);
				assertThat(giant.failure).as("giant %s", giant.letter).isNull();
				assertThat(giant.rightReply).as("giant %s got its whole line uppercased", giant.letter).isTrue();
			}
			sampler.interrupt();
			assertThat(mostHeld.get()).as("request bytes held at most: the budget plus one message")
				.isLessThanOrEqualTo(32L * 1024 * 1024 + 64 * 1024);
		}
	}

	/**
	 * A client sends a backlog of requests, half-closes, then reads its replies slowly: the server answers all of
	 * them and then closes, without spinning on the ended input meanwhile.
	 */
	@Test
	void halfCloseThenReadSlowlyGetsEveryReplyWithoutTheServerSpinning() throws Exception {
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.framing=line");
				Socket client = new Socket()) {
			client.setReceiveBufferSize(8192);
			client.connect(new InetSocketAddress("127.0.0.1", server.tcpPort()));
			client.setSoTimeout(15_000);
			int lines = 100_000;
			byte[] requests = lines(lines, "request number ");
			Thread writer = new Thread(() -> {
				try {
					client.getOutputStream().write(requests);
					client.shutdownOutput();
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			writer.start();
			InputStream in = client.getInputStream();
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			assertThat(readSlowly(in, received)).as("event loop CPU while the client reads slowly (1.0 = a whole core)")
				.isLessThan(0.5);
			received.write(in.readAllBytes()); // the rest, then the server's close
			writer.join(10_000);
			assertThat(received.toString(StandardCharsets.US_ASCII))
				.isEqualTo(new String(requests, StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT));
		}
	}

	/**
	 * Complete requests, then an unterminated one, then a half-close: every complete request is answered (the
	 * partial one is discarded, and the close line says so), in line and length framing.
	 */
	@Test
	void aPartialLastMessageAfterManyCompleteOnesLosesNoReply(CapturedOutput output) throws Exception {
		for (Framing framing : List.of(Framing.LINE, Framing.LENGTH)) {
			try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.framing=" + framing.configName());
					TcpTestClient client = server.connect()) {
				ByteArrayOutputStream requests = new ByteArrayOutputStream();
				ByteArrayOutputStream expected = new ByteArrayOutputStream();
				for (int i = 0; i < 5000; i++) {
					byte[] payload = ("complete " + i).getBytes(StandardCharsets.US_ASCII);
					requests.write(Wire.frame(framing, payload));
					expected.write(Wire.frame(framing, ("COMPLETE " + i).getBytes(StandardCharsets.US_ASCII)));
				}
				byte[] partial = Wire.frame(framing, "never finished".getBytes(StandardCharsets.US_ASCII));
				requests.write(partial, 0, partial.length - 3);
				client.write(requests.toByteArray());
				client.shutdownOutput();
				assertThat(client.readExactly(expected.size())).as(framing.configName()).isEqualTo(expected.toByteArray());
				assertThat(client.closedByServer()).isTrue();
				Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().lines()
					.anyMatch(l -> l.contains(":" + client.localPort() + " closed (client: ended its stream in the middle "
							+ "of a message") && l.contains("5000 messages, 5000 replies")));
			}
		}
	}

	/**
	 * Raw framing, a Latin-1 {@code é} (0xE9, which starts a 3-byte sequence in UTF-8) at the end of a send: the
	 * server waits a few milliseconds for the rest of the character, then answers the bytes as they are — the
	 * whole reply in one piece, as the seed's one-send-one-recv client expects.
	 */
	@Test
	void rawAnswersATrailingIncompleteCharacterAtOnceAndWhole() throws Exception {
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.framing=raw");
				Socket client = new Socket("127.0.0.1", server.tcpPort())) {
			client.setSoTimeout(10_000);
			client.getOutputStream().write(new byte[] { 'c', 'a', 'f', (byte) 0xE9 });
			Thread.sleep(300); // longer than the hold: the reply has been sent, whole, by now
			byte[] reply = new byte[64];
			int n = client.getInputStream().read(reply);
			assertThat(Arrays.copyOf(reply, n)).isEqualTo(new byte[] { 'C', 'A', 'F', (byte) 0xE9 });
		}
	}

	/**
	 * The idle timeout counts bytes moving either way: a client busy reading a large backlog of replies — more than
	 * the socket buffers hold, so the server still has some to write — slowly, and for longer than the idle
	 * timeout, is not idle: it gets every reply.
	 */
	@Test
	void aClientSlowlyReadingItsRepliesIsNotIdle() throws Exception {
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.framing=line", "--upcase.tcp.idle-timeout=1s");
				Socket client = new Socket()) {
			client.setReceiveBufferSize(64 * 1024);
			client.connect(new InetSocketAddress("127.0.0.1", server.tcpPort()));
			client.setSoTimeout(15_000);
			byte[] requests = lines(2000, "r".repeat(4000) + " ");
			Thread writer = new Thread(() -> {
				try {
					client.getOutputStream().write(requests);
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			writer.start();
			InputStream in = client.getInputStream();
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			byte[] chunk = new byte[64 * 1024];
			while (received.size() < requests.length) {
				int n = in.read(chunk);
				if (n < 0) {
					break;
				}
				received.write(chunk, 0, n);
				Thread.sleep(25); // at most ~2.5 MB/s: the 8 MB backlog takes over three idle timeouts to read
			}
			writer.join(10_000);
			assertThat(received.size()).as("reply bytes").isEqualTo(requests.length);
			assertThat(received.toString(StandardCharsets.US_ASCII))
				.isEqualTo(new String(requests, StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT));
		}
	}

	/**
	 * Clients that connect, exchange and leave, one after another, far more of them than {@code max-connections}:
	 * a connection the client has closed stops counting against the limit, and its close line counts every reply.
	 */
	@Test
	void connectionsTheClientsClosedNoLongerCountAgainstTheLimit(CapturedOutput output) {
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.framing=line", "--upcase.tcp.max-connections=10")) {
			for (int i = 0; i < 400; i++) {
				try (TcpTestClient client = server.connect()) {
					assertThat(client.exchangeLine("visitor " + i)).as("visitor %d admitted", i).isEqualTo("VISITOR " + i);
				}
				Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> metric(server, "upcase.connections.active") < 10);
			}
			assertThat(metric(server, "upcase.connections.rejected")).isZero();
			try (TcpTestClient client = server.connect()) {
				for (int i = 0; i < 100; i++) {
					client.exchangeLine("counted " + i);
				}
				client.shutdownOutput();
				assertThat(client.closedByServer()).isTrue();
				Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().lines()
					.anyMatch(l -> l.contains(":" + client.localPort() + " closed (client)")
							&& l.contains("100 messages, 100 replies")));
			}
		}
	}

	static byte[] lines(int count, String prefix) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int i = 0; i < count; i++) {
			out.writeBytes((prefix + i + "\n").getBytes(StandardCharsets.US_ASCII));
		}
		return out.toByteArray();
	}

	/**
	 * Reads a kilobyte every 20 ms for about two seconds.
	 * @return the CPU the server's event loops used meanwhile (1.0 = a whole core)
	 */
	static double readSlowly(InputStream in, ByteArrayOutputStream received) throws IOException, InterruptedException {
		long cpuBefore = eventLoopCpuNanos();
		long start = System.nanoTime();
		byte[] slow = new byte[1024];
		for (int i = 0; i < 100; i++) {
			int n = in.read(slow);
			received.write(slow, 0, Math.max(n, 0));
			Thread.sleep(20);
		}
		return (eventLoopCpuNanos() - cpuBefore) / (double) (System.nanoTime() - start);
	}

	/** CPU time of the server's event-loop threads (they run in this JVM). */
	private static long eventLoopCpuNanos() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long total = 0;
		for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (info != null && info.getThreadName().startsWith("upcase-io")) {
				total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
			}
		}
		return total;
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	/** Sends one giant line and reads its reply, checking every byte. */
	private static final class GiantLineClient extends Thread {

		private final int port;

		private final int bytes;

		private final char letter;

		private volatile boolean rightReply;

		private volatile Throwable failure;

		GiantLineClient(int port, int bytes, char letter) {
			this.port = port;
			this.bytes = bytes;
			this.letter = letter;
		}

		@Override
		public void run() {
			try (Socket socket = new Socket("127.0.0.1", this.port)) {
				socket.setSoTimeout(60_000);
				byte[] line = new byte[this.bytes + 1];
				Arrays.fill(line, (byte) this.letter);
				line[this.bytes] = '\n';
				Thread writer = new Thread(() -> {
					try {
						OutputStream out = socket.getOutputStream();
						for (int offset = 0; offset < line.length; offset += 64 * 1024) {
							out.write(line, offset, Math.min(64 * 1024, line.length - offset));
						}
					}
					catch (IOException ex) {
						this.failure = ex;
					}
				});
				writer.start();
				byte[] reply = new byte[line.length];
				new DataInputStream(socket.getInputStream()).readFully(reply);
				writer.join();
				byte upper = (byte) Character.toUpperCase(this.letter);
				boolean right = reply[this.bytes] == '\n';
				for (int i = 0; i < this.bytes && right; i++) {
					right = reply[i] == upper;
				}
				this.rightReply = right;
			}
			catch (Throwable ex) {
				this.failure = ex;
			}
		}

	}

}
