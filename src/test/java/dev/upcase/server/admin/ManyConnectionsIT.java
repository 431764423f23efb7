package dev.upcase.server.admin;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import com.sun.management.UnixOperatingSystemMXBean;
import dev.upcase.TcpTestClient;
import dev.upcase.UpcaseServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API with 5,000 connections open: listing a sorted page and closing them all. The times are printed
 * (ADMIN-LISTING) for the README; nothing is asserted about them, only that every connection is seen and closed.
 */
class ManyConnectionsIT {

	private static final int CONNECTIONS = 5_000;

	@Test
	void listsAndClosesFiveThousandConnections() {
		// client and server ends of each connection are both in this JVM
		long openFiles = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
				? unix.getMaxFileDescriptorCount() : -1;
		Assumptions.assumeTrue(openFiles < 0 || openFiles > 2 * CONNECTIONS + 1000, "the open-files limit (ulimit -n = "
				+ openFiles + ") is too low for " + CONNECTIONS + " connections in one JVM: raise it to 12000 or more");
		List<TcpTestClient> clients = new ArrayList<>(CONNECTIONS);
		// every connection comes from 127.0.0.1: over the per-peer limit's default (1,000)
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.framing=line",
				"--upcase.tcp.max-connections-per-peer=" + CONNECTIONS, "--spring.security.user.password=s3cret")) {
			AdminClient admin = new AdminClient(server);
			for (int i = 0; i < CONNECTIONS; i++) {
				clients.add(server.connect());
			}
			for (int i = 0; i < CONNECTIONS; i += 10) {
				clients.get(i).exchangeLine("traffic " + i); // some counters to sort by
			}
			Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
				.until(() -> admin.total("/actuator/connections?limit=1") == CONNECTIONS);

			// the listener summary does no work per connection: the baseline of an authenticated call on this machine
			for (String path : List.of("/actuator/listeners/tcp", "/actuator/connections?sort=idle&order=desc&limit=20",
					"/actuator/connections?sort=bytes&limit=1000", "/actuator/connections?sort=age&offset=4000&limit=1000",
					"/actuator/connections?peer=127.0.0.1:" + clients.get(42).localPort())) {
				long[] millis = new long[21];
				String body = "";
				for (int round = 0; round < millis.length; round++) {
					long start = System.nanoTime();
					body = admin.ok(path);
					millis[round] = (System.nanoTime() - start) / 1_000_000;
				}
				if (path.startsWith("/actuator/connections")) {
					assertThat((Integer) JsonPath.read(body, "$.total")).isIn(CONNECTIONS, 1);
				}
				Arrays.sort(millis);
				System.out.printf("ADMIN-LISTING connections=%d path=%s medianMs=%d minMs=%d maxMs=%d bytes=%d%n",
						CONNECTIONS, path, millis[millis.length / 2], millis[0], millis[millis.length - 1],
						body.length());
			}
			assertThat(admin.ids("/actuator/connections?sort=bytes&limit=1000")).hasSize(1000).doesNotHaveDuplicates();

			long start = System.nanoTime();
			int closed = admin.closed("/actuator/connections?all=true");
			long closeMillis = (System.nanoTime() - start) / 1_000_000;
			System.out.printf("ADMIN-CLOSE-ALL connections=%d ms=%d%n", closed, closeMillis);
			assertThat(closed).isEqualTo(CONNECTIONS);
			Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> admin.total("/actuator/connections") == 0);
			assertThat(clients.get(0).closedByServer()).isTrue();
			assertThat(clients.get(CONNECTIONS - 1).closedByServer()).isTrue();
		}
		finally {
			clients.forEach(TcpTestClient::close);
		}
	}

}
