package dev.upcase;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import com.jayway.jsonpath.JsonPath;
import dev.upcase.TestCertificates.PemFiles;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PROXY protocol (v1 and v2) in front of the stream endpoints, with headers this test writes byte by byte over
 * real sockets, as a load balancer would: the header's source is the connection's peer everywhere an operator
 * looks (the admin API and its peer filter, the close line, the closed ring); a missing, malformed or late header
 * refuses the connection, counted and logged with the socket's address; {@code LOCAL} keeps the socket's address;
 * and off by default, a PROXY line is only text.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProxyProtocolIT {

	private static final String CREDENTIALS = "operator:test";

	@TempDir
	static Path dir;

	/** Line framing, the PROXY protocol on the TCP port and on a Unix socket. */
	private static UpcaseServer server;

	private static Path socket;

	@BeforeAll
	static void start() {
		socket = dir.resolve("proxied.sock");
		server = UpcaseServer.start("--upcase.tcp.framing=line", "--upcase.tcp.proxy-protocol=true",
				"--upcase.unix.path=" + socket, "--upcase.unix.proxy-protocol=true");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void aV1HeaderNamesThePeerForTheAdminApiTheLogAndTheClosedRing(CapturedOutput output) {
		double openedBefore = metric("upcase.connections.opened");
		// the header and the first request in one write: the request must not be lost behind the header
		try (TcpTestClient client = new TcpTestClient(connect(server.tcpPort(),
				"PROXY TCP4 203.0.113.7 192.0.2.1 40000 8000\r\nhello\n".getBytes(StandardCharsets.US_ASCII)))) {
			assertThat(client.readLine()).isEqualTo("HELLO");
			Map<String, Object> listed = onlyConnection("203.0.113.7");
			assertThat(listed).containsEntry("peer", "203.0.113.7:40000").containsEntry("localPort", 8000);
			assertThat(client.exchangeLine("again")).isEqualTo("AGAIN");
		}
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getOut())
			.contains("Connection from 203.0.113.7:40000 opened")
			.contains("Connection from 203.0.113.7:40000 closed (client)"));
		assertThat(admin("/actuator/connections?state=closed&peer=203.0.113.7")).contains("\"peer\":\"203.0.113.7:40000\"");
		assertThat(metric("upcase.connections.opened")).isEqualTo(openedBefore + 1);
	}

	@Test
	void aV2HeaderNamesAnIpv6PeerEvenWhenItArrivesApartFromTheRequests() throws Exception {
		try (TcpTestClient client = new TcpTestClient(connect(server.tcpPort(),
				v2(0x21, 0x21, InetAddress.getByName("2001:db8::7"), 50000, InetAddress.getByName("2001:db8::1"), 8000)))) {
			Thread.sleep(200); // the header alone first, then the request in a packet of its own
			assertThat(client.exchangeLine("over six")).isEqualTo("OVER SIX");
			assertThat(onlyConnection("2001:db8::7")).containsEntry("peer", "[2001:db8::7]:50000");
		}
	}

	@Test
	void aLocalHeaderKeepsTheSocketsAddress() {
		// HAProxy's health checks say LOCAL: the connection is the balancer's own
		try (TcpTestClient client = new TcpTestClient(connect(server.tcpPort(), v2(0x20, 0x00, null, 0, null, 0)))) {
			assertThat(client.exchangeLine("local")).isEqualTo("LOCAL");
			assertThat(onlyConnection("127.0.0.1:" + client.localPort())).containsEntry("peer",
					"127.0.0.1:" + client.localPort());
		}
	}

	@Test
	void aUnixSocketBehindAProxyNamesTheClientToo() {
		try (TcpTestClient client = TcpTestClient.unix(socket)) {
			client.write("PROXY TCP4 198.51.100.9 192.0.2.1 41000 8000\r\n");
			assertThat(client.exchangeLine("unix")).isEqualTo("UNIX");
			Map<String, Object> listed = onlyConnection("198.51.100.9");
			assertThat(listed).containsEntry("peer", "198.51.100.9:41000").containsEntry("endpoint", "unix");
		}
	}

	@Test
	void aMissingMalformedOrLateHeaderIsRefusedCountedAndLoggedWithTheSocketsAddress(CapturedOutput output) {
		double refusedBefore = metric("upcase.connections.rejected", "reason:proxy-protocol");
		double openedBefore = metric("upcase.connections.opened");
		List<byte[]> refused = List.of(
				"PROXY TCP4 not-an-address 192.0.2.1 1 2\r\n".getBytes(StandardCharsets.US_ASCII), // malformed
				"x".repeat(200).getBytes(StandardCharsets.US_ASCII), // no header end where one must be
				"GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)); // not a header at all
		for (byte[] first : refused) {
			try (TcpTestClient client = new TcpTestClient(connect(server.tcpPort(), first))) {
				assertThat(client.closedByServer()).as(new String(first, StandardCharsets.US_ASCII)).isTrue();
			}
		}
		long start = System.nanoTime();
		try (TcpTestClient silent = new TcpTestClient(connect(server.tcpPort(), "hi\n".getBytes()))) {
			// a plain client where a balancer should be: too short to tell, so the header's time runs out
			assertThat(silent.closedByServer()).isTrue();
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
		Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
				metric("upcase.connections.rejected", "reason:proxy-protocol")).isEqualTo(refusedBefore + 4));
		assertThat(metric("upcase.connections.opened")).as("refused ones never opened").isEqualTo(openedBefore);
		assertThat(output.getOut().lines().filter(line -> line.contains("Refusing tcp connections without a valid "
				+ "PROXY protocol header (upcase.tcp.proxy-protocol=true): /127.0.0.1:")).toList())
			.as("logged with the socket's address, once per burst").hasSizeBetween(1, 2);
		try (TcpTestClient client = new TcpTestClient(connect(server.tcpPort(),
				"PROXY TCP4 203.0.113.8 192.0.2.1 40001 8000\r\n".getBytes(StandardCharsets.US_ASCII)))) {
			assertThat(client.exchangeLine("others go on")).isEqualTo("OTHERS GO ON");
		}
	}

	@Test
	void offByDefaultAProxyLineIsJustText() {
		try (UpcaseServer plain = UpcaseServer.start("--upcase.tcp.framing=line");
				TcpTestClient client = new TcpTestClient(connect(plain.tcpPort(), new byte[0]))) {
			assertThat(client.exchangeLine("PROXY TCP4 203.0.113.7 192.0.2.1 40000 8000\r"))
				.isEqualTo("PROXY TCP4 203.0.113.7 192.0.2.1 40000 8000\r");
			String listed = plain.get("/actuator/connections", CREDENTIALS).body();
			assertThat(listed).contains("\"peer\":\"127.0.0.1:" + client.localPort() + "\"").doesNotContain("203.0.113.7");
		}
	}

	@Test
	void theHeaderComesBeforeTheTlsHandshake() throws Exception {
		PemFiles pem = TestCertificates.create(Files.createDirectories(dir.resolve("tls")));
		SSLContext tls = TlsClientContexts.trusting(pem.caCert());
		List<String> arguments = new ArrayList<>(pem.serverBundleArguments("upcase"));
		arguments.addAll(List.of("--upcase.tcp.framing=line", "--upcase.tcp.ssl.bundle=upcase",
				"--upcase.tcp.proxy-protocol=true"));
		try (UpcaseServer secure = UpcaseServer.start(arguments.toArray(String[]::new))) {
			Socket tcp = connect(secure.tcpPort(),
					v2(0x21, 0x11, InetAddress.getByName("192.0.2.77"), 45000, InetAddress.getByName("192.0.2.1"), 8000));
			try (TcpTestClient client = new TcpTestClient(
					tls.getSocketFactory().createSocket(tcp, "127.0.0.1", secure.tcpPort(), true))) {
				assertThat(client.exchangeLine("secret")).isEqualTo("SECRET");
				String listed = secure.get("/actuator/connections?peer=192.0.2.77", CREDENTIALS).body();
				assertThat(listed).contains("\"peer\":\"192.0.2.77:45000\"").contains("\"endpoint\":\"tls\"");
			}
		}
	}

	/** @return a socket to the port that has sent {@code first} */
	private static Socket connect(int port, byte[] first) {
		try {
			Socket socket = new Socket("127.0.0.1", port);
			socket.setTcpNoDelay(true);
			OutputStream out = socket.getOutputStream();
			out.write(first);
			out.flush();
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A PROXY protocol v2 header, as the specification lays it out.
	 * @param versionAndCommand {@code 0x21} PROXY, {@code 0x20} LOCAL
	 * @param familyAndProtocol {@code 0x11} TCP over IPv4, {@code 0x21} TCP over IPv6, {@code 0x00} unspecified
	 */
	static byte[] v2(int versionAndCommand, int familyAndProtocol, InetAddress source, int sourcePort,
			InetAddress destination, int destinationPort) {
		ByteArrayOutputStream header = new ByteArrayOutputStream();
		header.writeBytes(new byte[] { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A });
		header.write(versionAndCommand);
		header.write(familyAndProtocol);
		ByteBuffer addresses = ByteBuffer.allocate(source == null ? 0 : 2 * source.getAddress().length + 4);
		if (source != null) {
			addresses.put(source.getAddress()).put(destination.getAddress());
			addresses.putShort((short) sourcePort).putShort((short) destinationPort);
		}
		header.write(addresses.capacity() >> 8);
		header.write(addresses.capacity() & 0xFF);
		header.writeBytes(addresses.array());
		return header.toByteArray();
	}

	/** @return the one open connection the admin API lists for {@code peer} */
	private static Map<String, Object> onlyConnection(String peer) {
		List<Map<String, Object>> found = JsonPath.read(admin("/actuator/connections?peer=" + peer), "$.connections");
		assertThat(found).as("connections of " + peer).hasSize(1);
		return found.get(0);
	}

	private static String admin(String path) {
		var response = server.get(path, CREDENTIALS);
		assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
		return response.body();
	}

	private static double metric(String name, String... tags) {
		return FaultToleranceIT.metric(server, name, tags);
	}

}
