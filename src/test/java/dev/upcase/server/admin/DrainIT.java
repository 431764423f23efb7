package dev.upcase.server.admin;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import dev.upcase.TcpTestClient;
import dev.upcase.UpcaseServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static dev.upcase.server.admin.AdminClient.peer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code POST /actuator/listeners/tcp {"action":"drain"}} with no lame duck ({@code upcase.tcp.lame-duck=0}): the
 * instance leaves rotation without stopping; idle connections close at once, one with a request under way closes
 * once it is answered, new clients are refused (the listening socket is closed). With a lame duck: LameDuckIT.
 */
class DrainIT {

	@Test
	void drainClosesIdleConnectionsAtOnceAndBusyOnesOnceAnswered() {
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.framing=line", "--upcase.tcp.lame-duck=0",
				"--spring.security.user.password=s3cret");
				TcpTestClient idle = server.connect();
				TcpTestClient busy = server.connect()) {
			AdminClient admin = new AdminClient(server);
			assertThat(idle.exchangeLine("idle")).isEqualTo("IDLE");
			busy.write("half a requ"); // under way: no end of line yet
			Awaitility.await().atMost(Duration.ofSeconds(10))
				.until(() -> JsonPath.<Integer>read(admin.connectionOf(busy), "$.bytesIn") == 0
						&& admin.total("/actuator/connections") == 2);
			double shutdownsBefore = admin.scraped("upcase_connections_closed_total{application=\"upcase\",endpoint=\"tcp\",reason=\"shutdown\"}");

			assertThat(admin.act("drain")).isEqualTo("draining");

			assertThat(idle.closedByServer()).as("the idle client is closed at once").isTrue();
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> admin.readiness() == 503);
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThatExceptionOfType(UncheckedIOException.class).as("a new client is refused")
					.isThrownBy(server::connect)
					.withRootCauseInstanceOf(ConnectException.class));
			assertThat(admin.total("/actuator/connections")).as("the busy one is still open").isEqualTo(1);
			assertThat(busy.exchangeLine("est")).as("its request is answered").isEqualTo("HALF A REQUEST");
			assertThat(busy.closedByServer()).as("then it is closed").isTrue();

			Awaitility.await().atMost(Duration.ofSeconds(10))
				.until(() -> admin.scraped("upcase_connections_closed_total{application=\"upcase\",endpoint=\"tcp\",reason=\"shutdown\"}")
						== shutdownsBefore + 2);
			Map<String, Object> closedIdle = JsonPath.read(
					admin.ok("/actuator/connections?state=closed&peer=" + peer(idle)), "$.connections[0]");
			assertThat(closedIdle).containsEntry("reason", "shutdown");
			var resume = admin.post("/actuator/listeners/tcp", "{\"action\":\"resume\"}");
			assertThat(resume.statusCode()).as("a drain is not undone: " + resume.body()).isEqualTo(409);
			assertThat((String) JsonPath.read(resume.body(), "$.state")).isEqualTo("draining");
			assertThat((String) JsonPath.read(admin.ok("/actuator/listeners/tcp"), "$.state")).isEqualTo("draining");
			assertThat((Integer) JsonPath.read(admin.ok("/actuator/listeners/tcp"), "$.rejectedConnections"))
				.as("refused by the kernel, not accepted and closed").isZero();
		}
	}

}
