package dev.upcase;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.upcase.server.endpoint.Endpoint;
import io.netty.channel.epoll.Epoll;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The UDP endpoint's start and stop: off unless enabled, one clear failure when its port is taken, and a process
 * that stops cleanly on SIGTERM with it.
 */
@ExtendWith(OutputCaptureExtension.class)
class UdpStartupIT {

	@Test
	void offByDefault() {
		try (UpcaseServer server = UpcaseServer.start()) {
			assertThat(server.context().getBeansOfType(Endpoint.class).values()).extracting(Endpoint::name)
				.containsExactly("tcp");
		}
	}

	@Test
	void aPortInUseIsOneClearStartupFailure(CapturedOutput output) throws Exception {
		try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			int port = taken.getLocalPort();
			assertThatException()
				.isThrownBy(() -> UpcaseServer.start("--upcase.udp.enabled=true", "--upcase.udp.port=" + port));
			assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
				.contains("upcase cannot listen for UDP datagrams on 127.0.0.1:" + port + ": the port is already in use.")
				.contains("upcase.udp.port")
				.doesNotContain("\tat ");
		}
	}

	/**
	 * With epoll, a socket per event loop on the one port (SO_REUSEPORT), so that every core reads datagrams: the
	 * kernel shows as many sockets on the port as there are loops, senders spread over them are all answered from the
	 * port they wrote to, and a second server on that port is still refused (its bind check uses a plain socket).
	 */
	@Test
	void withEpollEachEventLoopReadsASocketOfItsOwnOnTheOnePort(CapturedOutput output) throws Exception {
		Assumptions.assumeTrue(Epoll.isAvailable(), "SO_REUSEPORT sockets need the epoll transport (Linux)");
		int port;
		try (UpcaseServer server = UpcaseServer.start("--upcase.udp.enabled=true", "--upcase.udp.port=0",
				"--upcase.tcp.event-loop-threads=3")) {
			port = UdpIT.udpPort(server);
			assertThat(udpSocketsOn(port)).as("sockets bound to UDP port %d", port).isEqualTo(3);
			assertThat(output.getOut()).contains("3 socket(s), one per event loop; transport epoll");
			for (int i = 0; i < 30; i++) {
				try (UdpTestClient client = new UdpTestClient(port)) { // a new source port each: spread by the kernel
					assertThat(client.exchange("sender " + i)).isEqualTo("SENDER " + i);
				}
			}
			assertThatException()
				.isThrownBy(() -> UpcaseServer.start("--upcase.udp.enabled=true", "--upcase.udp.port=" + port));
			assertThat(output.getOut()).contains("upcase cannot listen for UDP datagrams on 127.0.0.1:" + port
					+ ": the port is already in use.");
		}
		assertThat(udpSocketsOn(port)).as("sockets left on the port after the stop").isZero();
	}

	@Test
	void theSameNumberAsTheTcpPortIsFine() throws Exception {
		int port;
		try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
						tcp.getLocalPort()))) {
			port = udp.getLocalPort(); // free for both protocols a moment ago
		}
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.port=" + port, "--upcase.udp.enabled=true",
				"--upcase.udp.port=" + port); UdpTestClient client = new UdpTestClient(port)) {
			assertThat(server.tcpPort()).isEqualTo(port);
			assertThat(client.exchange("same port")).isEqualTo("SAME PORT");
			try (TcpTestClient tcp = server.connect()) {
				assertThat(tcp.write("tcp").readExactly(3)).isEqualTo(new byte[] { 'T', 'C', 'P' });
			}
		}
	}

	@Test
	void theLargestUdpPayloadIsAnswered() {
		try (UpcaseServer server = UpcaseServer.start("--upcase.udp.enabled=true", "--upcase.udp.port=0",
				"--upcase.udp.max-datagram-bytes=65507"); UdpTestClient client = new UdpTestClient(UdpIT.udpPort(server))) {
			byte[] largest = new byte[65507];
			Arrays.fill(largest, (byte) 'a');
			byte[] reply = client.send(largest).receive();
			assertThat(reply).hasSize(65507).containsOnly((byte) 'A');
		}
	}

	/**
	 * Both transports, in a process of their own (Netty picks epoll once per JVM): an oversize datagram is known by
	 * filling the read buffer on each, and SIGTERM stops the process cleanly.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "epoll", "nio" })
	void oversizeIsDroppedAndTheProcessStopsCleanlyOnSigterm(String transport) throws Exception {
		int port = freeUdpPort();
		List<String> jvm = transport.equals("nio") ? List.of("-Dio.netty.transport.noNative=true") : List.of();
		try (ServerProcess server = ServerProcess.start(0, jvm, "--upcase.udp.enabled=true",
				"--upcase.udp.port=" + port, "--upcase.udp.max-datagram-bytes=1000");
				UdpTestClient client = new UdpTestClient(port)) {
			Awaitility.await()
				.atMost(Duration.ofSeconds(60))
				.until(() -> server.log().contains("Listening for UDP datagrams on 127.0.0.1:" + port));
			assertThat(server.log()).contains("transport " + transport + ")");
			assertThat(client.exchange("bith")).isEqualTo("BITH");
			client.send(new byte[1001]);
			// served in order: a reply to the oversize datagram would come first
			assertThat(client.exchange("after")).isEqualTo("AFTER");
			String dropped = "Dropped a datagram from 127.0.0.1:" + client.localPort()
					+ ": it is longer than upcase.udp.max-datagram-bytes=1000";
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.log().contains(dropped));
			server.terminate();
			assertThat(server.waitForExit(30)).isIn(0, 143);
			// the log is read on a thread of its own: its last lines may come a moment after the exit
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.log().contains("UDP endpoint draining"));
			assertThat(server.log()).doesNotContain("Exception")
				.doesNotContain(" ERROR ");
		}
	}

	private static int freeUdpPort() throws Exception {
		try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			return probe.getLocalPort();
		}
	}

	/** @return how many UDP sockets (IPv4 and IPv6) the kernel has bound to {@code port}, from /proc/net */
	private static long udpSocketsOn(int port) throws IOException {
		String local = String.format(":%04X", port);
		long count = 0;
		for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
			Path file = Path.of(table);
			if (Files.exists(file)) {
				// columns: sl, local_address (hex address:port), rem_address, ...
				count += Files.readAllLines(file).stream().skip(1).map(String::trim)
					.filter(line -> line.split("\\s+")[1].endsWith(local))
					.count();
			}
		}
		return count;
	}

}
