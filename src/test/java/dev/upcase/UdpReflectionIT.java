package dev.upcase;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import com.jayway.jsonpath.JsonPath;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UDP cannot be turned against anyone: a datagram whose source is the server's own socket (spoofed, from a raw
 * socket) or a privileged port is never answered, two responders that found each other stop at the per-source
 * limit, and no reply is longer than its request unless the operator allows it. Over real datagrams; the spoofed
 * ones need root and python3 (a raw socket) and say so when they cannot run.
 * <p>
 * Two servers: one with the defaults on the loopback, and a "limited" one bound to every interface ({@code ::}:
 * IPv4 senders reach it IPv4-mapped) with a small per-source limit, so that its bounds are quick to reach, and
 * {@code max-reply-ratio=3}.
 */
@ExtendWith(OutputCaptureExtension.class)
class UdpReflectionIT {

	private static final int RATE = 50;

	private static final int BURST = 100;

	/** ΐ: two bytes in UTF-8, its uppercase three characters of two bytes each (Ϊ́). */
	private static final String IOTA_DIALYTIKA_TONOS = "\u0390";

	/** ŉ: two bytes, its uppercase ʼN three. */
	private static final String N_APOSTROPHE = "\u0149";

	/** Sends one UDP datagram with the source address and port given, from a raw socket (IP_HDRINCL). */
	private static final String SPOOF = """
			import socket, struct, sys
			src, sport, dst, dport, payload = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), bytes.fromhex(sys.argv[5])
			udp = struct.pack('!HHHH', sport, dport, 8 + len(payload), 0) + payload  # checksum 0: none, allowed over IPv4
			ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 0, 0, 64, socket.IPPROTO_UDP, 0,
			                 socket.inet_aton(src), socket.inet_aton(dst))  # the kernel fills in id and checksum
			s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)  # IPPROTO_RAW: the header is ours
			s.sendto(ip + udp, (dst, 0))
			""";

	private static UpcaseServer server;

	private static int port;

	private static UpcaseServer limited;

	private static int limitedPort;

	@TempDir
	static Path temp;

	@BeforeAll
	static void start() {
		server = UpcaseServer.start("--upcase.udp.enabled=true", "--upcase.udp.port=0");
		port = UdpIT.udpPort(server);
		limited = UpcaseServer.start("--upcase.udp.enabled=true", "--upcase.udp.port=0", "--upcase.udp.host=::",
				"--upcase.udp.per-source-rate=" + RATE, "--upcase.udp.per-source-burst=" + BURST,
				"--upcase.udp.max-reply-ratio=3");
		limitedPort = UdpIT.udpPort(limited);
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
		if (limited != null) {
			limited.close();
		}
	}

	/** The report: one spoofed datagram made the server answer itself 100,000 times a second. */
	@Test
	void aDatagramSpoofedFromTheServersOwnAddressAndPortIsDroppedNotAnsweredForEver(CapturedOutput output)
			throws Exception {
		assumeRawSockets();
		Counts before = Counts.of(server);
		double loopsBefore = dropped(server, "loop");
		long cpuBefore = eventLoopCpuNanos();
		spoof("127.0.0.1", port, "127.0.0.1", port, "bith");
		waitFor(() -> dropped(server, "loop") == loopsBefore + 1, 60);
		Thread.sleep(2000); // a loop would have answered itself thousands of times by now
		Counts after = Counts.of(server);
		assertThat(after.in() - before.in()).as("datagrams received: the spoofed one, and no reply to itself")
			.isEqualTo(1);
		assertThat(after.out()).as("replies sent").isEqualTo(before.out());
		assertThat(dropped(server, "loop")).as("dropped, reason loop").isEqualTo(loopsBefore + 1);
		assertThat(eventLoopCpuNanos() - cpuBefore).as("the event loops' CPU time over those 2 s: idle")
			.isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
		assertThat(output.getOut()).contains("Dropped a datagram from 127.0.0.1:" + port
				+ ": its source is this server's own UDP socket");
		try (UdpTestClient client = new UdpTestClient(port)) {
			assertThat(client.exchange("still answering")).isEqualTo("STILL ANSWERING");
		}
	}

	/**
	 * Bound to every interface, any address of the host is the server's own: spoofed from the address of a
	 * non-loopback interface, to that address. The socket is dual-stack ({@code ::}), so the source reaches it
	 * IPv4-mapped.
	 */
	@Test
	void boundToEveryInterfaceAnyOfTheHostsAddressesWithItsPortIsItself() throws Exception {
		assumeRawSockets();
		InetAddress own = NetworkInterface.networkInterfaces()
			.filter(SocketsUp::up)
			.flatMap(NetworkInterface::inetAddresses)
			.filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
			.findFirst()
			.orElse(null);
		Assumptions.assumeTrue(own != null, "this host has no IPv4 address besides the loopback");
		String address = own.getHostAddress();
		Counts before = Counts.of(limited);
		double loopsBefore = dropped(limited, "loop");
		spoof(address, limitedPort, address, limitedPort, "bith");
		waitFor(() -> dropped(limited, "loop") == loopsBefore + 1, 60);
		Thread.sleep(1000);
		assertThat(Counts.of(limited).in() - before.in()).as("datagrams received").isEqualTo(1);
		assertThat(Counts.of(limited).out()).as("replies sent").isEqualTo(before.out());
		assertThat(dropped(limited, "loop")).as("dropped, reason loop").isEqualTo(loopsBefore + 1);
	}

	@Test
	void aPrivilegedSourcePortIsNeverAnswered() throws Exception {
		assumeRawSockets();
		double before = dropped(server, "privileged-port");
		try (DatagramSocket privileged = privilegedSocket(); UdpTestClient client = new UdpTestClient(port)) {
			byte[] request = "bith".getBytes(StandardCharsets.UTF_8);
			privileged.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
			privileged.setSoTimeout(2000);
			waitFor(() -> dropped(server, "privileged-port") == before + 1, 60);
			DatagramPacket reply = new DatagramPacket(new byte[100], 100);
			assertThat(receives(privileged, reply)).as("a reply to port %d", privileged.getLocalPort()).isFalse();
			assertThat(dropped(server, "privileged-port")).as("dropped, reason privileged-port").isEqualTo(before + 1);
			assertThat(client.exchange("others are answered")).isEqualTo("OTHERS ARE ANSWERED");
		}
		spoof("127.0.0.1", 0, "127.0.0.1", port, "from port zero");
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> dropped(server, "privileged-port") == before + 2);
	}

	/**
	 * Two responders that found each other: the server and an echo (every datagram sent back as it came), kicked
	 * off with one datagram from the echo's socket. Before the per-source limit they answered each other at full
	 * speed for ever; now the server gives the echo its burst, then drops, and the ping-pong ends there.
	 */
	@Test
	void twoRespondersThatFoundEachOtherStopAtTheBurst() throws Exception {
		double limitedBefore = dropped(limited, "rate-limited");
		Counts before = Counts.of(limited);
		try (Echo echo = new Echo("127.0.0.3")) {
			long started = System.nanoTime();
			echo.send("ping", limitedPort);
			waitFor(() -> dropped(limited, "rate-limited") > limitedBefore, 60);
			// first the bound, so that an exchange that never ends fails here, with its count, not by a timeout
			long sofar = Counts.of(limited).out() - before.out();
			double elapsed = (System.nanoTime() - started) / 1e9;
			assertThat(sofar).as("replies to the echo in %.1f s", elapsed)
				.isLessThanOrEqualTo(BURST + (long) (RATE * (elapsed + 1)));
			Counts after = settled(limited);
			double seconds = (System.nanoTime() - started) / 1e9;
			long replies = after.out() - before.out();
			assertThat(replies).as("replies to the echo, the exchange over after %.1f s", seconds)
				.isBetween((long) BURST, BURST + (long) (RATE * (seconds + 1)));
			assertThat(after.in() - before.in()).as("the kick-off and each reply sent back, the last one dropped")
				.isEqualTo(replies + 1);
			assertThat(echo.received()).isEqualTo(replies);
		}
	}

	/**
	 * A peer that keeps sending (a responder that generates, or a flood with one victim's address) gets the burst and
	 * then the rate, while a sender at another address is answered all along.
	 */
	@Test
	void aSourceThatKeepsSendingGetsTheRateAndOthersAreAnswered() throws Exception {
		Counts before = Counts.of(limited);
		double limitedBefore = dropped(limited, "rate-limited");
		int sent = 0;
		long started = System.nanoTime();
		try (DatagramSocket flood = socketOn("127.0.0.4"); DatagramSocket other = socketOn("127.0.0.5")) {
			while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(3)) {
				for (int i = 0; i < 20; i++, sent++) {
					send(flood, "flood " + sent, limitedPort);
				}
				Thread.sleep(5);
			}
			double sending = (System.nanoTime() - started) / 1e9;
			// the kernel drops what does not fit the socket's receive buffer, which the flood may have filled on a
			// busy machine: the other address asks again until answered, as a UDP client does
			int asked = 0;
			String answer = null;
			while (answer == null && asked < 10) {
				asked++;
				send(other, "another address", limitedPort);
				answer = receive(other, 10_000);
			}
			assertThat(answer).as("the other address's reply").isEqualTo("ANOTHER ADDRESS");
			Counts after = settled(limited);
			int answered = 1;
			while (receive(other, 500) != null) { // a request thought lost may have been answered late
				answered++;
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			assertThat(after.in() - before.in()).as("what arrived (the kernel may drop some)")
				.isLessThanOrEqualTo(sent + asked);
			long replies = after.out() - before.out() - answered;
			// at least the burst; the rate after it is not a lower bound here: a starved server reads late, when
			// the kernel has dropped much of the flood
			assertThat(replies).as("replies to the flooding address: %d datagrams sent in %.1f s", sent, sending)
				.isBetween((long) BURST, BURST + (long) (RATE * (seconds + 1)));
			assertThat(dropped(limited, "rate-limited") - limitedBefore).as("dropped, reason rate-limited: the rest")
				.isEqualTo(after.in() - before.in() - after.out() + before.out());
		}
	}

	@Test
	void aReplyLongerThanItsRequestIsNotSentByDefault(CapturedOutput output) {
		double before = dropped(server, "amplification");
		try (UdpTestClient client = new UdpTestClient(port)) {
			client.send(IOTA_DIALYTIKA_TONOS.repeat(100)); // 200 bytes, uppercased 600
			client.send(N_APOSTROPHE.repeat(100)); // 200 bytes, uppercased 300
			// answered in order: a reply to either would come first
			assertThat(client.exchange("straße")).as("as long as its request: answered").isEqualTo("STRASSE");
		}
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> dropped(server, "amplification") == before + 2);
		assertThat(output.getOut()).contains(": its reply is 600 bytes, more than upcase.udp.max-reply-ratio=1 "
				+ "times its 200 bytes");
	}

	@Test
	void withTheRatioRaisedALongerReplyIsSent() throws IOException {
		try (DatagramSocket client = socketOn("127.0.0.6")) {
			assertThat(exchange(client, IOTA_DIALYTIKA_TONOS.repeat(100), limitedPort))
				.isEqualTo("\u0399\u0308\u0301".repeat(100));
			assertThat(exchange(client, N_APOSTROPHE.repeat(100), limitedPort)).isEqualTo("\u02bcN".repeat(100));
		}
	}

	@Test
	void theDropCounterHasEveryReasonFromTheStart() {
		String scrape = server.get("/actuator/prometheus").body();
		for (String reason : new String[] { "loop", "privileged-port", "rate-limited", "amplification" }) {
			assertThat(scrape).containsPattern("(?m)^upcase_udp_datagrams_dropped_total\\{[^}]*endpoint=\"udp\","
					+ "reason=\"" + reason + "\"\\} ");
		}
		assertThat(scrape).containsPattern("(?m)^upcase_udp_sources\\{[^}]*endpoint=\"udp\"[^}]*\\} ");
	}

	// --- helpers -----------------------------------------------------------------------------------------------------

	private record Counts(long in, long out, long dropped) {

		static Counts of(UpcaseServer server) {
			return new Counts((long) UdpIT.metric(server, "upcase.udp.datagrams.in", null),
					(long) UdpIT.metric(server, "upcase.udp.datagrams.out", null),
					(long) UdpIT.metric(server, "upcase.udp.datagrams.dropped", null));
		}

	}

	/** @return the counts once they have not moved for a second: every datagram read and answered or dropped */
	private static Counts settled(UpcaseServer server) {
		Counts[] last = { Counts.of(server) };
		return Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			Counts now = Counts.of(server);
			boolean still = now.equals(last[0]) && now.in() == now.out() + now.dropped();
			last[0] = now;
			return still ? now : null;
		}, counts -> counts != null);
	}

	/** A socket on a loopback address of its own (Linux answers the whole 127.0.0.0/8): a source of its own. */
	private static DatagramSocket socketOn(String address) throws SocketException {
		DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0));
		socket.setSoTimeout(15_000);
		return socket;
	}

	private static void send(DatagramSocket socket, String text, int port) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
	}

	private static String exchange(DatagramSocket socket, String text, int port) throws IOException {
		send(socket, text, port);
		DatagramPacket reply = new DatagramPacket(new byte[65536], 65536);
		socket.receive(reply);
		return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
	}

	/** @return the next datagram's text, or null when none comes within the timeout */
	private static @Nullable String receive(DatagramSocket socket, int timeoutMillis) throws IOException {
		socket.setSoTimeout(timeoutMillis);
		DatagramPacket reply = new DatagramPacket(new byte[65536], 65536);
		try {
			socket.receive(reply);
		}
		catch (SocketTimeoutException ex) {
			return null;
		}
		return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
	}

	/** @return the drops for that reason; 0 while there is no such reason (as on a server without these rules) */
	private static double dropped(UpcaseServer server, String reason) {
		var response = server.get("/actuator/metrics/upcase.udp.datagrams.dropped?tag=reason:" + reason);
		if (response.statusCode() == 404) {
			return 0;
		}
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return ((Number) JsonPath.read(response.body(), "$.measurements[0].value")).doubleValue();
	}

	/** Waits for the condition at most that long, and goes on either way: the assertions after it say what failed. */
	private static void waitFor(BooleanSupplier condition, int seconds) throws InterruptedException {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (!condition.getAsBoolean() && System.nanoTime() - end < 0) {
			Thread.sleep(100);
		}
	}

	private static void assumeRawSockets() throws Exception {
		Assumptions.assumeTrue(Tools.onPath("python3"), "skipped: python3 is not installed (it sends the spoofed "
				+ "datagram from a raw socket)");
		Process id = new ProcessBuilder("id", "-u").start();
		String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		Assumptions.assumeTrue(id.waitFor() == 0 && uid.equals("0"), "skipped: not root (uid " + uid + "): a raw "
				+ "socket and a privileged port need root");
	}

	private static void spoof(String source, int sourcePort, String destination, int destinationPort, String text)
			throws Exception {
		Path script = temp.resolve("spoof.py");
		if (!Files.exists(script)) {
			Files.writeString(script, SPOOF);
		}
		Process python = new ProcessBuilder("python3", script.toString(), source, String.valueOf(sourcePort),
				destination, String.valueOf(destinationPort), HexFormat.of().formatHex(text.getBytes(
						StandardCharsets.UTF_8)))
			.redirectErrorStream(true)
			.start();
		assertThat(python.waitFor(300, TimeUnit.SECONDS)).as("python3 ran").isTrue(); // slow only on a crowded machine
		assertThat(python.exitValue()).as(new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
			.isZero();
	}

	/** @return a socket on the loopback bound to a free port below 1024 */
	private static DatagramSocket privilegedSocket() throws SocketException {
		for (int candidate = 1023; candidate >= 600; candidate--) {
			try {
				return new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), candidate));
			}
			catch (BindException taken) {
				// the next one
			}
		}
		throw new IllegalStateException("no free UDP port from 600 to 1023");
	}

	private static boolean receives(DatagramSocket socket, DatagramPacket packet) throws IOException {
		try {
			socket.receive(packet);
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
	}

	/** CPU time of the server's event-loop threads (the UDP sockets are read there), this JVM's. */
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

	private static final class SocketsUp {

		static boolean up(NetworkInterface network) {
			try {
				return network.isUp();
			}
			catch (SocketException ex) {
				return false;
			}
		}

	}

	/** A UDP responder on the loopback that sends every datagram back to where it came from, as it came. */
	private static final class Echo implements AutoCloseable {

		private final DatagramSocket socket;

		private final AtomicLong received = new AtomicLong();

		Echo(String address) throws IOException {
			this.socket = socketOn(address);
			Thread thread = new Thread(this::serve, "udp-echo");
			thread.setDaemon(true);
			thread.start();
		}

		void send(String text, int port) throws IOException {
			UdpReflectionIT.send(this.socket, text, port);
		}

		private void serve() {
			byte[] buffer = new byte[65536];
			try {
				while (true) {
					DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
					this.socket.receive(packet);
					this.received.incrementAndGet();
					this.socket.send(packet);
				}
			}
			catch (IOException ex) {
				// closed: the test is over
			}
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
