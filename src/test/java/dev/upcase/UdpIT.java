package dev.upcase;

import java.net.DatagramPacket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import dev.upcase.server.udp.DatagramEndpoint;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UDP endpoint over real datagrams, beside the TCP endpoint of the same server: one datagram in, its uppercase
 * out to the sender from the port it went to; oversize ones dropped, counted and logged while others are answered;
 * its metrics, health and listener entry.
 */
class UdpIT {

	static final String CREDENTIALS = "operator:s3cret";

	private static UpcaseServer server;

	private static int port;

	@BeforeAll
	static void start() {
		server = UpcaseServer.start("--upcase.udp.enabled=true", "--upcase.udp.port=0",
				"--upcase.udp.max-datagram-bytes=1000", "--spring.security.user.password=s3cret");
		port = udpPort(server);
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	static int udpPort(UpcaseServer server) {
		int bound = server.context().getBean(DatagramEndpoint.class).port();
		assertThat(bound).as("the UDP endpoint's port").isPositive();
		return bound;
	}

	@Test
	void oneDatagramInOneUppercasedDatagramOutFromThePortItWentTo() {
		try (UdpTestClient client = new UdpTestClient(port)) {
			client.send("bith");
			DatagramPacket reply = client.receivePacket(15_000);
			assertThat(reply).as("a reply").isNotNull();
			assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8)).isEqualTo("BITH");
			assertThat(reply.getPort()).as("the reply's source port").isEqualTo(port);
			assertThat(reply.getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
			assertThat(client.exchange("hello world")).isEqualTo("HELLO WORLD");
		}
	}

	@Test
	void textInAnyScriptIsUppercasedAndBytesThatAreNotTextComeBackAsTheyWere() {
		try (UdpTestClient client = new UdpTestClient(port)) {
			assertThat(client.exchange("straße ñandú ǆ")).isEqualTo("STRASSE ÑANDÚ Ǆ");
			byte[] binary = { (byte) 0xff, 'a', (byte) 0xc3, 'b', 0 }; // the same as over TCP: bytes not text stay
			assertThat(client.send(binary).receive()).containsExactly((byte) 0xff, 'A', (byte) 0xc3, 'B', 0);
		}
	}

	@Test
	void anEmptyDatagramGetsNoReplyAndIsCounted() {
		double before = dropped("empty");
		try (UdpTestClient client = new UdpTestClient(port)) {
			client.send(new byte[0]);
			// answered in order: a reply to the empty datagram would come first
			assertThat(client.exchange("still here")).isEqualTo("STILL HERE");
		}
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> dropped("empty") == before + 1);
	}

	@Test
	void manySendersAtOnceEachGetTheirOwnReplies() throws Exception {
		int senders = 16;
		int each = 100;
		ExecutorService pool = Executors.newFixedThreadPool(senders);
		try {
			List<Future<Integer>> right = new ArrayList<>();
			for (int s = 0; s < senders; s++) {
				int sender = s;
				right.add(pool.submit(() -> {
					int answered = 0;
					try (UdpTestClient client = new UdpTestClient(port)) {
						for (int i = 0; i < each; i++) {
							String request = "sender " + sender + " message " + i;
							assertThat(client.exchange(request)).isEqualTo(request.toUpperCase());
							answered++;
						}
					}
					return answered;
				}));
			}
			for (Future<Integer> result : right) {
				assertThat(result.get()).isEqualTo(each);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void anOversizeDatagramIsDroppedCountedAndLoggedWhileOthersAreAnswered() {
		double before = dropped("oversize");
		try (UdpTestClient client = new UdpTestClient(port); UdpTestClient other = new UdpTestClient(port)) {
			byte[] exactly = new byte[1000];
			Arrays.fill(exactly, (byte) 'a');
			byte[] upper = new byte[1000];
			Arrays.fill(upper, (byte) 'A');
			assertThat(client.send(exactly).receive()).as("max-datagram-bytes itself").isEqualTo(upper);

			client.send(new byte[1001]);
			client.send(new byte[60_000]); // cut by the kernel to the 1,001-byte buffer
			assertThat(other.exchange("meanwhile")).isEqualTo("MEANWHILE");
			// the socket is served in order: had the oversize ones been answered, those replies would come first
			assertThat(client.exchange("after")).isEqualTo("AFTER");
		}
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> dropped("oversize") == before + 2);
	}

	@Test
	void metricsCarryTheEndpointTag() {
		try (UdpTestClient client = new UdpTestClient(port)) {
			assertThat(client.exchange("count me")).isEqualTo("COUNT ME");
		}
		// a reply is counted once the socket has sent it: a moment after the client may have it
		String scrape = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
				() -> server.get("/actuator/prometheus").body(),
				now -> sum(now, "upcase_udp_datagrams_out_total") > 0);
		for (String name : List.of("upcase_udp_datagrams_in_total", "upcase_udp_datagrams_in_bytes_total",
				"upcase_udp_datagrams_out_total", "upcase_udp_datagrams_out_bytes_total", "upcase_udp_peers")) {
			assertThat(scrape).as(name).containsPattern("(?m)^" + name + "\\{[^}]*endpoint=\"udp\"[^}]*\\} [1-9]");
		}
		for (String reason : List.of("empty", "oversize", "paused", "draining", "error", "loop", "privileged-port",
				"rate-limited", "amplification")) {
			assertThat(scrape).containsPattern("(?m)^upcase_udp_datagrams_dropped_total\\{[^}]*endpoint=\"udp\","
					+ "reason=\"" + reason + "\"\\} ");
		}
		assertThat(scrape).as("a datagram endpoint has no connection meters")
			.doesNotContain("upcase_connections_active{application=\"upcase\",endpoint=\"udp\"");
		// every datagram received is either answered or dropped
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String now = server.get("/actuator/prometheus").body();
			assertThat(sum(now, "upcase_udp_datagrams_in_total"))
				.isEqualTo(sum(now, "upcase_udp_datagrams_out_total") + sum(now, "upcase_udp_datagrams_dropped_total"));
		});
	}

	@Test
	void peersCountsTheSendersOfTheLastMinute() {
		List<UdpTestClient> clients = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				UdpTestClient client = new UdpTestClient(port);
				clients.add(client);
				assertThat(client.exchange("peer " + i)).isEqualTo("PEER " + i);
			}
			assertThat(metric("upcase.udp.peers", null)).isGreaterThanOrEqualTo(3);
		}
		finally {
			clients.forEach(UdpTestClient::close);
		}
	}

	@Test
	void healthAndTheListenersApiShowTheEndpointAndTheConnectionsApiOnlyConnections() {
		var health = server.get("/actuator/health/endpoints/udp", CREDENTIALS);
		assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
		assertThat((String) JsonPath.read(health.body(), "$.status")).isEqualTo("UP");
		assertThat((String) JsonPath.read(health.body(), "$.details.state")).isEqualTo("accepting");
		assertThat((String) JsonPath.read(health.body(), "$.details.framing")).isEqualTo("datagram");
		assertThat((String) JsonPath.read(health.body(), "$.details.address")).isEqualTo("127.0.0.1:" + port);
		assertThat(health.body()).doesNotContain("activeConnections");

		var listeners = server.get("/actuator/listeners", CREDENTIALS);
		assertThat(listeners.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<List<String>>read(listeners.body(), "$.listeners[*].name")).containsExactlyInAnyOrder("tcp",
				"udp");
		String udp = server.get("/actuator/listeners/udp", CREDENTIALS).body();
		assertThat((String) JsonPath.read(udp, "$.boundAddress")).isEqualTo("127.0.0.1:" + port);
		assertThat((String) JsonPath.read(udp, "$.state")).isEqualTo("accepting");
		assertThat((Integer) JsonPath.read(udp, "$.limits.maxMessageBytes")).isEqualTo(1000);
		assertThat((Integer) JsonPath.read(udp, "$.activeConnections")).isZero();

		var graph = server.get("/actuator/integrationgraph", CREDENTIALS);
		assertThat(graph.statusCode()).isEqualTo(200);
		assertThat(graph.body()).as("the UDP gateway feeds the one flow's channel")
			.contains("\"udpInboundGateway\"", "\"upcaseRequests\"");

		try (TcpTestClient tcp = server.connect(); UdpTestClient datagrams = new UdpTestClient(port)) {
			assertThat(tcp.write("tcp").readExactly(3)).isEqualTo("TCP".getBytes(StandardCharsets.UTF_8));
			assertThat(datagrams.exchange("udp")).isEqualTo("UDP");
			String connections = server.get("/actuator/connections", CREDENTIALS).body();
			assertThat(JsonPath.<List<String>>read(connections, "$.connections[*].endpoint")).containsExactly("tcp");
		}
	}

	@Test
	void theReadmesNetcatExampleWorks() throws Exception {
		Assumptions.assumeTrue(onPath("nc"),
				"nc (netcat-openbsd) is not installed: the README's nc -u example cannot be run");
		Process nc = new ProcessBuilder("sh", "-c", "echo -n bith | nc -u -w1 127.0.0.1 " + port)
			.redirectErrorStream(true)
			.start();
		assertThat(nc.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(new String(nc.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("BITH");
	}

	private static boolean onPath(String tool) throws Exception {
		return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
	}

	static double dropped(String reason) {
		return metric("upcase.udp.datagrams.dropped", "reason:" + reason);
	}

	/** @return a meter's value from {@code /actuator/metrics}, over real HTTP */
	static double metric(String name, @Nullable String tag) {
		return metric(server, name, tag);
	}

	static double metric(UpcaseServer server, String name, @Nullable String tag) {
		var response = server.get("/actuator/metrics/" + name + (tag != null ? "?tag=" + tag : ""));
		assertThat(response.statusCode()).as(name + " → " + response.body()).isEqualTo(200);
		return ((Number) JsonPath.read(response.body(), "$.measurements[0].value")).doubleValue();
	}

	private static double sum(String scrape, String name) {
		Matcher values = Pattern.compile("(?m)^" + name + "\\{[^}]*endpoint=\"udp\"[^}]*\\} (\\S+)").matcher(scrape);
		double total = 0;
		while (values.find()) {
			total += Double.parseDouble(values.group(1));
		}
		return total;
	}

}
