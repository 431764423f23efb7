package dev.upcase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import dev.upcase.TestCertificates.PemFiles;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Who gets a connection slot: no one peer takes them all ({@code max-connections-per-peer}, counted by the
 * PROXY header's address where there is one), all endpoints together stay under {@code max-total-connections},
 * and a socket that never finishes its TLS handshake gives its slot up to a newcomer instead of keeping a real
 * client out for the handshake timeout. Over real sockets; every refusal counted by reason and logged with the
 * client's address.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdmissionIT {

	@TempDir
	Path dir;

	@Test
	void silentSocketsDoNotKeepARealTlsClientOut(CapturedOutput output) throws IOException {
		PemFiles pem = TestCertificates.create(this.dir);
		SSLContext tls = TlsClientContexts.trusting(pem.caCert());
		List<String> arguments = new ArrayList<>(pem.serverBundleArguments("upcase"));
		// a handshake timeout far longer than the test: only the eviction can let the real client in
		arguments.addAll(List.of("--upcase.tcp.framing=line", "--upcase.tcp.ssl.bundle=upcase",
				"--upcase.tcp.max-connections=3", "--upcase.tcp.ssl.handshake-timeout=120s"));
		try (UpcaseServer server = UpcaseServer.start(arguments.toArray(String[]::new))) {
			List<TcpTestClient> silent = new ArrayList<>();
			List<TcpTestClient> real = new ArrayList<>();
			try {
				for (int i = 0; i < 3; i++) {
					silent.add(server.connect()); // connects, says nothing: no ClientHello
				}
				Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> metric(server, "upcase.connections.active") == 3);
				for (int i = 0; i < 3; i++) {
					TcpTestClient client = new TcpTestClient(TlsClientContexts.connect(tls, server.tcpPort()));
					real.add(client);
					assertThat(client.exchangeLine("real " + i)).isEqualTo("REAL " + i);
				}
				for (TcpTestClient socket : silent) {
					assertThat(socket.closedByServer()).as("a silent socket gave its slot up").isTrue();
				}
				assertThat(metric(server, "upcase.connections.closed", "reason:tls")).isEqualTo(3);
				assertThat(output.getOut().lines().filter(line -> line.contains("closed (tls: handshake not finished "
						+ "when the endpoint was full: its slot went to a newer connection)"))).hasSize(3);
				// clients that finished their handshake are never evicted: a fourth is refused, the three go on
				try (Socket over = TlsClientContexts.connect(tls, server.tcpPort())) {
					assertThat(handshakes(over)).as("a TLS client over the limit of finished ones").isFalse();
				}
				for (TcpTestClient client : real) {
					assertThat(client.exchangeLine("still")).isEqualTo("STILL");
				}
				assertThat(metric(server, "upcase.connections.rejected", "reason:max-connections")).isEqualTo(1);
			}
			finally {
				silent.forEach(TcpTestClient::close);
				real.forEach(TcpTestClient::close);
			}
		}
	}

	@Test
	void onePeerCannotTakeEverySlotAndAllEndpointsShareOneLimit(CapturedOutput output) {
		Path socket = this.dir.resolve("upcase.sock");
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.framing=line", "--upcase.tcp.max-connections=4",
				"--upcase.tcp.max-total-connections=5", "--upcase.tcp.max-connections-per-peer=3",
				"--upcase.unix.path=" + socket)) {
			List<TcpTestClient> open = new ArrayList<>();
			try {
				for (int i = 0; i < 3; i++) {
					open.add(from(server, "127.0.0.1"));
					assertThat(open.get(i).exchangeLine("one " + i)).isEqualTo("ONE " + i);
				}
				try (TcpTestClient fourth = from(server, "127.0.0.1")) {
					assertThat(fourth.closedByServer()).as("a fourth connection from one address").isTrue();
				}
				assertThat(metric(server, "upcase.connections.rejected", "reason:max-connections-per-peer")).isEqualTo(1);
				assertThat(output.getOut()).contains("Refusing tcp connections over upcase.tcp.max-connections-per-peer=3: "
						+ "/127.0.0.1:").contains("refused now (3 open from 127.0.0.1)");
				open.add(from(server, "127.0.0.2")); // another address has room
				assertThat(open.get(3).exchangeLine("two")).isEqualTo("TWO");
				try (TcpTestClient fifth = from(server, "127.0.0.3")) {
					assertThat(fifth.closedByServer()).as("over the endpoint's own limit").isTrue();
				}
				assertThat(metric(server, "upcase.connections.rejected", "reason:max-connections")).isEqualTo(1);

				TcpTestClient unix = TcpTestClient.unix(socket); // the fifth of all: a Unix client has no address
				open.add(unix);
				assertThat(unix.exchangeLine("unix")).isEqualTo("UNIX");
				try (TcpTestClient sixth = TcpTestClient.unix(socket)) {
					assertThat(sixth.closedByServer()).as("over the limit of all endpoints together").isTrue();
				}
				assertThat(metric(server, "upcase.connections.rejected", "endpoint:unix", "reason:max-total-connections"))
					.isEqualTo(1);
				assertThat(output.getOut()).contains("Refusing unix connections over upcase.tcp.max-total-connections=5 "
						+ "(all endpoints together)");

				open.remove(0).close(); // a slot of 127.0.0.1's comes free, and one of the total
				Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> metric(server, "upcase.connections.active") == 4);
				TcpTestClient again = from(server, "127.0.0.1");
				open.add(again);
				assertThat(again.exchangeLine("again")).isEqualTo("AGAIN");
				assertThat(metric(server, "upcase.connections.opened")).isEqualTo(6);
			}
			finally {
				open.forEach(TcpTestClient::close);
			}
		}
	}

	@Test
	void behindTheProxyProtocolTheHeadersAddressIsThePeerThatCounts(CapturedOutput output) {
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.framing=line", "--upcase.tcp.proxy-protocol=true",
				"--upcase.tcp.max-connections-per-peer=2")) {
			List<TcpTestClient> open = new ArrayList<>();
			try {
				for (int i = 0; i < 2; i++) {
					open.add(proxied(server, "203.0.113.7", 40000 + i));
					assertThat(open.get(i).exchangeLine("seven")).isEqualTo("SEVEN");
				}
				try (TcpTestClient third = proxied(server, "203.0.113.7", 40002)) {
					assertThat(third.closedByServer()).as("a third connection from 203.0.113.7").isTrue();
				}
				open.add(proxied(server, "203.0.113.8", 40003)); // the same balancer, another client
				assertThat(open.get(2).exchangeLine("eight")).isEqualTo("EIGHT");
				assertThat(metric(server, "upcase.connections.rejected", "reason:max-connections-per-peer")).isEqualTo(1);
				assertThat(output.getOut()).contains("Refusing tcp connections over upcase.tcp.max-connections-per-peer=2: "
						+ "203.0.113.7:40002 refused now (2 open from 203.0.113.7)");
			}
			finally {
				open.forEach(TcpTestClient::close);
			}
		}
	}

	/**
	 * A refused connection is reset at once (SO_LINGER 0 through Netty's public API), and leaves nothing behind:
	 * the process's file descriptors (the test's client sockets and the server's, one JVM) come back to where they
	 * were.
	 */
	@Test
	void refusedConnectionsAreResetAtOnceAndLeakNoFileDescriptor() throws IOException {
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.framing=line", "--upcase.tcp.max-connections=1");
				TcpTestClient holder = server.connect()) {
			assertThat(holder.exchangeLine("mine")).isEqualTo("MINE");
			long before = openFileDescriptors();
			for (int i = 0; i < 200; i++) {
				try (Socket refused = new Socket("127.0.0.1", server.tcpPort())) {
					refused.setSoTimeout(15_000);
					assertThatException().as("refusal %d is a reset", i)
						.isThrownBy(() -> refused.getInputStream().read())
						.isInstanceOf(java.net.SocketException.class)
						.withMessageContaining("reset");
				}
			}
			assertThat(metric(server, "upcase.connections.rejected", "reason:max-connections")).isEqualTo(200);
			Awaitility.await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(openFileDescriptors()).isLessThanOrEqualTo(before + 2));
			assertThat(holder.exchangeLine("still mine")).isEqualTo("STILL MINE");
		}
	}

	private static long openFileDescriptors() throws IOException {
		try (var fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.count();
		}
	}

	@Test
	void aTotalBelowTheEndpointLimitStopsTheStart(CapturedOutput output) {
		assertThatException().isThrownBy(() -> UpcaseServer.start("--upcase.tcp.max-connections=3",
				"--upcase.tcp.max-total-connections=2"));
		assertThat(output.getOut()).contains("upcase cannot start with upcase.tcp.max-total-connections=2")
			.contains("it must be at least upcase.tcp.max-connections")
			.doesNotContain("\tat ");
	}

	/** @return a client whose socket is bound to {@code localAddress} (any of 127.0.0.0/8 on Linux) */
	private static TcpTestClient from(UpcaseServer server, String localAddress) {
		try {
			Socket socket = new Socket();
			socket.bind(new InetSocketAddress(localAddress, 0));
			socket.connect(new InetSocketAddress("127.0.0.1", server.tcpPort()));
			return new TcpTestClient(socket);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static TcpTestClient proxied(UpcaseServer server, String source, int sourcePort) {
		TcpTestClient client = server.connect();
		client.write(("PROXY TCP4 " + source + " 192.0.2.1 " + sourcePort + " 8000\r\n").getBytes(StandardCharsets.US_ASCII));
		return client;
	}

	private static boolean handshakes(Socket socket) {
		try {
			((javax.net.ssl.SSLSocket) socket).startHandshake();
			socket.getOutputStream().write("x\n".getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			return socket.getInputStream().read() >= 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static double metric(UpcaseServer server, String name, String... tags) {
		return FaultToleranceIT.metric(server, name, tags);
	}

}
