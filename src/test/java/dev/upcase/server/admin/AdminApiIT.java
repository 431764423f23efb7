package dev.upcase.server.admin;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import dev.upcase.TcpTestClient;
import dev.upcase.UpcaseServer;
import org.apache.catalina.Context;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

import static dev.upcase.server.admin.AdminClient.peer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API as an operator uses it: real HTTP with credentials against the running application, real TCP
 * clients as the connections it lists and closes.
 */
class AdminApiIT {

	private static UpcaseServer server;

	private static AdminClient admin;

	private final List<TcpTestClient> clients = new ArrayList<>();

	@BeforeAll
	static void start() {
		// no login backoff: the credential tests below send dozens of wrong passwords from one address, and are about
		// what each call answers (LoginBackoffIT is about the backoff)
		server = UpcaseServer.start("--upcase.tcp.framing=line", "--spring.security.user.password=s3cret",
				"--upcase.admin.closed-connections=50", "--upcase.management.max-login-backoff=0");
		admin = new AdminClient(server);
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@BeforeEach
	void noConnectionsLeftByOtherTests() {
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> admin.total("/actuator/connections") == 0);
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(TcpTestClient::close);
	}

	private TcpTestClient connect() {
		TcpTestClient client = server.connect();
		this.clients.add(client);
		return client;
	}

	@Test
	void listsEachOpenConnectionWithItsCounters() {
		TcpTestClient client = connect();
		assertThat(client.exchangeLine("hello")).isEqualTo("HELLO");
		assertThat(client.exchangeLine("admin")).isEqualTo("ADMIN");
		TcpTestClient silent = connect();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> admin.total("/actuator/connections") == 2);

		String list = admin.ok("/actuator/connections");
		assertThat((Integer) JsonPath.read(list, "$.offset")).isZero();
		assertThat((Integer) JsonPath.read(list, "$.limit")).isEqualTo(100);
		assertThat((String) JsonPath.read(list, "$.state")).isEqualTo("open");
		Map<String, Object> entry = admin.connectionOf(client);
		assertThat(entry).containsEntry("peer", peer(client))
			.containsEntry("localPort", server.tcpPort())
			.containsEntry("endpoint", "tcp")
			.containsEntry("framing", "line")
			.containsEntry("messagesIn", 2)
			.containsEntry("repliesOut", 2)
			.containsEntry("bytesIn", 10) // payloads, without the LF
			.containsEntry("bytesOut", 12) // replies as written, with the LF
			.containsEntry("unsentBytes", 0)
			.containsKeys("id", "openedAt", "ageSeconds", "idleSeconds", "lastMessageAt");
		assertThat(((Number) entry.get("ageSeconds")).doubleValue()).isGreaterThanOrEqualTo(0);
		assertThat(admin.connectionOf(silent)).containsEntry("messagesIn", 0).containsEntry("lastMessageAt", null);
	}

	@Test
	void sortsByAgeIdleMessagesAndBytesEitherWay() throws InterruptedException {
		TcpTestClient c0 = connect();
		Thread.sleep(30);
		TcpTestClient c1 = connect();
		Thread.sleep(30);
		TcpTestClient c2 = connect();
		Thread.sleep(30);
		for (int i = 0; i < 2; i++) {
			c2.exchangeLine("hello"); // 2 messages, 5 + 6 bytes each
		}
		Thread.sleep(30);
		for (int i = 0; i < 3; i++) {
			c0.exchangeLine("a"); // 3 messages, 1 + 2 bytes each
		}
		Thread.sleep(30);
		c1.exchangeLine("twenty characters ok"); // 1 message, 20 + 21 bytes
		String id0 = admin.idOf(c0);
		String id1 = admin.idOf(c1);
		String id2 = admin.idOf(c2);

		assertSorted("age", List.of(id0, id1, id2)); // oldest first
		assertSorted("idle", List.of(id2, id0, id1)); // longest idle first
		assertSorted("messages", List.of(id0, id2, id1));
		assertSorted("bytes", List.of(id1, id2, id0));
		assertThat(admin.ids("/actuator/connections")).as("by default: by age, oldest first")
			.containsExactly(id0, id1, id2);
	}

	private void assertSorted(String key, List<String> descending) {
		assertThat(admin.ids("/actuator/connections?sort=" + key + "&order=desc")).as(key + " desc")
			.containsExactlyElementsOf(descending);
		assertThat(admin.ids("/actuator/connections?sort=" + key + "&order=asc")).as(key + " asc")
			.containsExactlyElementsOf(reversed(descending));
	}

	private static List<String> reversed(List<String> list) {
		List<String> reversed = new ArrayList<>(list);
		Collections.reverse(reversed);
		return reversed;
	}

	@Test
	void pagesWithOffsetAndLimit() {
		for (int i = 0; i < 5; i++) {
			connect().exchangeLine("page " + i);
		}
		List<String> all = admin.ids("/actuator/connections?sort=age&order=asc");
		assertThat(all).hasSize(5).doesNotHaveDuplicates();
		List<String> paged = new ArrayList<>();
		for (int offset = 0; offset < 6; offset += 2) {
			String page = admin.ok("/actuator/connections?sort=age&order=asc&limit=2&offset=" + offset);
			assertThat((Integer) JsonPath.read(page, "$.total")).isEqualTo(5);
			assertThat((Integer) JsonPath.read(page, "$.limit")).isEqualTo(2);
			assertThat((Integer) JsonPath.read(page, "$.offset")).isEqualTo(offset);
			paged.addAll(JsonPath.read(page, "$.connections[*].id"));
		}
		assertThat(paged).isEqualTo(all);
		assertThat(admin.ids("/actuator/connections?offset=5")).isEmpty();
	}

	@Test
	void filtersByPeerAddressOrAddressAndPort() {
		TcpTestClient a = connect();
		TcpTestClient b = connect();
		a.exchangeLine("a");
		b.exchangeLine("b");
		assertThat(admin.ids("/actuator/connections?peer=" + peer(a))).containsExactly(admin.idOf(a));
		assertThat(admin.total("/actuator/connections?peer=127.0.0.1")).isEqualTo(2);
		assertThat(admin.total("/actuator/connections?peer=10.9.8.7")).isZero();
		assertThat(admin.total("/actuator/connections?peer=127.0.0.1:1")).isZero();
	}

	@Test
	void showsOneConnectionByIdAndAnUnknownIdIs404WithAJsonBody() {
		TcpTestClient client = connect();
		client.exchangeLine("me");
		String id = admin.idOf(client);
		String one = admin.ok("/actuator/connections/" + id);
		assertThat((String) JsonPath.read(one, "$.id")).isEqualTo(id);
		assertThat((String) JsonPath.read(one, "$.peer")).isEqualTo(peer(client));

		HttpResponse<String> unknown = admin.get("/actuator/connections/no-such-id");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
		assertThat((String) JsonPath.read(unknown.body(), "$.id")).isEqualTo("no-such-id");
		assertThat((String) JsonPath.read(unknown.body(), "$.error")).isNotBlank();
		assertThat(admin.delete("/actuator/connections/no-such-id").statusCode()).isEqualTo(404);
	}

	@Test
	void badParametersAre400NamingTheParameter() {
		for (String query : List.of("limit=1001", "limit=0", "limit=ten", "offset=-1", "sort=size", "order=up",
				"state=gone", "state=closed&sort=idle")) {
			HttpResponse<String> response = admin.get("/actuator/connections?" + query);
			assertThat(response.statusCode()).as(query).isEqualTo(400);
			String parameter = query.substring(query.lastIndexOf('&') + 1, query.lastIndexOf('='));
			assertThat((String) JsonPath.read(response.body(), "$.parameter")).as(query).isEqualTo(parameter);
			assertThat((String) JsonPath.read(response.body(), "$.error")).as(query).contains(parameter);
		}
		assertThat(admin.delete("/actuator/connections").statusCode()).as("a bare DELETE closes nothing").isEqualTo(400);
		assertThat(admin.delete("/actuator/connections?idleLongerThan=soon").statusCode()).isEqualTo(400);
		assertThat(admin.delete("/actuator/connections?all=yes").statusCode()).isEqualTo(400);
		assertThat(admin.post("/actuator/listeners/tcp", "{\"action\":\"explode\"}").statusCode()).isEqualTo(400);
		assertThat(admin.post("/actuator/listeners/udp", "{\"action\":\"pause\"}").statusCode()).isEqualTo(404);
	}

	@Test
	void keepsRecentlyClosedConnectionsWithTheirAccount() {
		TcpTestClient client = connect();
		client.exchangeLine("one");
		client.exchangeLine("two");
		String id = admin.idOf(client);
		client.close();
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> admin.ids("/actuator/connections?state=closed&peer=" + peer(client)).contains(id));
		String closed = admin.ok("/actuator/connections?state=closed&peer=" + peer(client));
		assertThat((String) JsonPath.read(closed, "$.state")).isEqualTo("closed");
		Map<String, Object> entry = JsonPath.read(closed, "$.connections[0]");
		assertThat(entry).containsEntry("id", id)
			.containsEntry("reason", "client")
			.containsEntry("messagesIn", 2)
			.containsEntry("repliesOut", 2)
			.containsEntry("bytesIn", 6)
			.containsKeys("openedAt", "closedAt", "durationSeconds", "bytesOut", "detail");
		assertThat((String) JsonPath.read(admin.ok("/actuator/connections/" + id), "$.closedAt")).isNotBlank();
	}

	@Test
	void theClosedRingKeepsOnlyTheNewest() {
		for (int i = 0; i < 60; i++) {
			try (TcpTestClient client = server.connect()) {
				client.exchangeLine("ring " + i);
			}
		}
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> admin.total("/actuator/connections?state=closed") == 50);
	}

	@Test
	void closingOneByIdEndsThatClientOnlyAndCountsAsAdmin() {
		TcpTestClient target = connect();
		TcpTestClient bystander = connect();
		target.exchangeLine("target");
		bystander.exchangeLine("bystander");
		double adminClosesBefore = admin.scraped("upcase_connections_closed_total{application=\"upcase\",endpoint=\"tcp\",reason=\"admin\"}");
		String id = admin.idOf(target);

		assertThat(admin.closed("/actuator/connections/" + id)).isEqualTo(1);
		assertThat(target.closedByServer()).as("the closed client sees EOF").isTrue();
		assertThat(bystander.exchangeLine("still here")).isEqualTo("STILL HERE");
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> admin.scraped("upcase_connections_closed_total{application=\"upcase\",endpoint=\"tcp\",reason=\"admin\"}")
					== adminClosesBefore + 1);
		Map<String, Object> closed = JsonPath.read(admin.ok("/actuator/connections?state=closed&peer=" + peer(target)),
				"$.connections[0]");
		assertThat(closed).containsEntry("reason", "admin").containsEntry("detail", "by operator");
		assertThat(admin.delete("/actuator/connections/" + id).statusCode()).as("already closed").isEqualTo(404);
	}

	@Test
	void closingByPeerClosesThatPortOrThatWholeAddress() {
		TcpTestClient a = connect();
		TcpTestClient b = connect();
		TcpTestClient c = connect();
		for (TcpTestClient client : List.of(a, b, c)) {
			client.exchangeLine("x");
		}
		assertThat(admin.closed("/actuator/connections?peer=" + peer(a))).isEqualTo(1);
		assertThat(a.closedByServer()).isTrue();
		assertThat(b.exchangeLine("b")).isEqualTo("B");
		assertThat(admin.closed("/actuator/connections?peer=127.0.0.1")).isEqualTo(2);
		assertThat(b.closedByServer()).isTrue();
		assertThat(c.closedByServer()).isTrue();
	}

	@Test
	void closingIdleLongerThanSparesTheBusy() throws InterruptedException {
		TcpTestClient idle = connect();
		idle.exchangeLine("then nothing");
		TcpTestClient busy = connect();
		Thread.sleep(7_000);
		busy.exchangeLine("busy"); // generous margins: the DELETE may be slow on a busy machine
		assertThat(admin.closed("/actuator/connections?idleLongerThan=PT5S")).isEqualTo(1);
		assertThat(idle.closedByServer()).isTrue();
		assertThat(busy.exchangeLine("still busy")).isEqualTo("STILL BUSY");
	}

	@Test
	void closingAllEndsEveryConnection() {
		List<TcpTestClient> all = List.of(connect(), connect(), connect());
		all.forEach(client -> client.exchangeLine("x"));
		assertThat(admin.closed("/actuator/connections?all=true")).isEqualTo(3);
		for (TcpTestClient client : all) {
			assertThat(client.closedByServer()).isTrue();
		}
		assertThat(admin.total("/actuator/connections")).isZero();
	}

	@Test
	void pauseRefusesNewClientsKeepsOpenOnesAndTakesReadinessDownUntilResume() {
		TcpTestClient open = connect();
		open.exchangeLine("before");
		assertThat(admin.readiness()).isEqualTo(200);
		long rejectedBefore = JsonPath.<Integer>read(admin.ok("/actuator/listeners/tcp"), "$.rejectedConnections");
		double scrapedBefore = admin.scraped("upcase_connections_rejected_total");
		try {
			assertThat(admin.act("pause")).isEqualTo("paused");
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> admin.readiness() == 503);
			assertThat(connect().closedByServer()).as("a new client is refused").isTrue();
			assertThat(open.exchangeLine("during")).isEqualTo("DURING");
			String listener = admin.ok("/actuator/listeners/tcp");
			assertThat((String) JsonPath.read(listener, "$.state")).isEqualTo("paused");
			assertThat((Integer) JsonPath.read(listener, "$.rejectedConnections")).isEqualTo(rejectedBefore + 1);
			assertThat(admin.scraped("upcase_connections_rejected_total")).isEqualTo(scrapedBefore + 1);
			assertThat(admin.act("pause")).as("pausing twice is harmless").isEqualTo("paused");
		}
		finally {
			assertThat(admin.act("resume")).isEqualTo("accepting");
		}
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> admin.readiness() == 200);
		assertThat(connect().exchangeLine("after")).isEqualTo("AFTER");
	}

	@Test
	void listsTheListenerWithItsLimitsAndTotals() {
		connect().exchangeLine("counted");
		String listeners = admin.ok("/actuator/listeners");
		Map<String, Object> tcp = JsonPath.read(listeners, "$.listeners[0]");
		assertThat(tcp).containsEntry("name", "tcp")
			.containsEntry("boundAddress", "127.0.0.1:" + server.tcpPort())
			.containsEntry("framing", "line")
			.containsEntry("state", "accepting")
			.containsEntry("activeConnections", 1)
			.containsKeys("acceptedConnections", "rejectedConnections", "startedAt", "uptimeSeconds");
		assertThat((Integer) JsonPath.read(listeners, "$.listeners[0].limits.maxConnections")).isEqualTo(16000);
		assertThat((Integer) JsonPath.read(listeners, "$.listeners[0].limits.maxConnectionsPerPeer")).isEqualTo(1000);
		assertThat((Integer) JsonPath.read(listeners, "$.listeners[0].limits.maxTotalConnections")).isEqualTo(16000);
		assertThat((Integer) JsonPath.read(listeners, "$.listeners[0].limits.maxMessageBytes")).isEqualTo(65536);
		assertThat((String) JsonPath.read(listeners, "$.listeners[0].limits.idleTimeout")).isEqualTo("PT5M");
		assertThat((String) JsonPath.read(listeners, "$.listeners[0].limits.writeTimeout")).isEqualTo("PT30S");
		assertThat(admin.get("/actuator/listeners/udp").statusCode()).isEqualTo(404);
	}

	@Test
	void everyAdminCallNeedsCredentialsAndAnUnauthenticatedOneChangesNothing() {
		TcpTestClient client = connect();
		client.exchangeLine("mine");
		String id = admin.idOf(client);
		List<String[]> calls = List.of(new String[] { "GET", "/actuator/connections" },
				new String[] { "GET", "/actuator/connections?state=closed" },
				new String[] { "GET", "/actuator/connections/" + id },
				new String[] { "DELETE", "/actuator/connections/" + id },
				new String[] { "DELETE", "/actuator/connections?all=true" },
				new String[] { "GET", "/actuator/listeners" }, new String[] { "GET", "/actuator/listeners/tcp" },
				new String[] { "POST", "/actuator/listeners/tcp" });
		for (String[] call : calls) {
			String json = call[0].equals("POST") ? "{\"action\":\"drain\"}" : null;
			for (String credentials : new String[] { null, "operator:wrong", "intruder:s3cret" }) {
				HttpResponse<String> response = server.send(call[0], call[1], credentials, json);
				assertThat(response.statusCode()).as(call[0] + " " + call[1] + " as " + credentials).isEqualTo(401);
			}
		}
		assertThat(client.exchangeLine("untouched")).isEqualTo("UNTOUCHED");
		assertThat((String) JsonPath.read(admin.ok("/actuator/listeners/tcp"), "$.state")).isEqualTo("accepting");
		for (String open : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness",
				"/actuator/prometheus")) {
			assertThat(server.get(open).statusCode()).as(open).isEqualTo(200);
		}
	}

	@Test
	void noRequestCreatesAnHttpSession() {
		for (int i = 0; i < 200; i++) {
			String credentials = switch (i % 3) {
				case 0 -> null;
				case 1 -> "operator:wrong";
				default -> AdminClient.CREDENTIALS;
			};
			String path = i % 2 == 0 ? "/actuator/connections" : "/actuator/health";
			HttpResponse<String> response = server.get(path, credentials);
			assertThat(response.statusCode()).isIn(200, 401);
			assertThat(response.headers().allValues("Set-Cookie")).as(path + " as " + credentials).isEmpty();
		}
		var web = (ServletWebServerApplicationContext) server.context();
		Context context = (Context) ((TomcatWebServer) web.getWebServer()).getTomcat().getHost().findChildren()[0];
		assertThat(context.getManager().getActiveSessions()).isZero();
		assertThat(context.getManager().getSessionCounter()).as("sessions ever created").isZero();
	}

}
