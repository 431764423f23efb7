package dev.upcase.server.admin;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import dev.upcase.TcpTestClient;
import dev.upcase.UpcaseServer;
import dev.upcase.server.transport.EventLoops;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The admin drain with a lame duck ({@code upcase.tcp.lame-duck}), over real sockets: readiness DOWN at once while
 * new clients are still accepted and answered; after the period, new clients are refused and the open connections
 * drain. And a connection the kernel completed before the drain, still in the accept backlog, is answered rather
 * than reset. (SIGTERM: ShutdownIT; no lame duck: DrainIT.)
 */
class LameDuckIT {

	/** Long enough for the checks made during it on a loaded machine; the test checks they were made in it. */
	private static final String LAME_DUCK = "--upcase.tcp.lame-duck=8s";

	@Test
	void duringTheLameDuckReadinessIsDownAndNewClientsAreAnsweredThenRefused() {
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.framing=line", LAME_DUCK,
				"--spring.security.user.password=s3cret");
				TcpTestClient before = server.connect()) {
			AdminClient admin = new AdminClient(server);
			assertThat(before.exchangeLine("before")).isEqualTo("BEFORE");

			assertThat(admin.act("drain")).isEqualTo("lame-duck");
			assertThat(admin.readiness()).as("readiness DOWN at once").isEqualTo(503);
			try (TcpTestClient late = server.connect()) {
				assertThat(late.exchangeLine("late")).as("a new client during the lame duck").isEqualTo("LATE");
				assertThat(before.exchangeLine("still")).as("an open one goes on").isEqualTo("STILL");
				assertThat(listenerState(admin)).as("the checks above ran within the lame duck").isEqualTo("lame-duck");

				Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> listenerState(admin).equals("draining"));
				assertThat(before.closedByServer()).as("idle: closed once the drain starts").isTrue();
				assertThat(late.closedByServer()).isTrue();
			}
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThatExceptionOfType(UncheckedIOException.class)
					.as("a new client after the lame duck is refused")
					.isThrownBy(server::connect)
					.withRootCauseInstanceOf(ConnectException.class));
			assertThat(admin.readiness()).isEqualTo(503);
		}
	}

	/**
	 * The accepting thread is held up (as by a burst of connections) while a client connects — the kernel completes
	 * it into the accept backlog — and sends a request; the drain (no lame duck) starts before the server has
	 * accepted it. The server still accepts it and answers before it closes the listening socket.
	 */
	@Test
	void aConnectionInTheAcceptBacklogWhenTheDrainStartsIsAnswered() throws Exception {
		try (UpcaseServer server = UpcaseServer.start("--upcase.tcp.framing=line", "--upcase.tcp.lame-duck=0",
				"--spring.security.user.password=s3cret")) {
			AdminClient admin = new AdminClient(server);
			CountDownLatch held = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			server.context().getBean(EventLoops.class).acceptor().next().execute(() -> {
				held.countDown();
				awaitQuietly(release);
			});
			assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
			try (TcpTestClient backlogged = server.connect()) {
				backlogged.write("in the backlog\n");
				assertThat(admin.act("drain")).isEqualTo("draining");
				release.countDown();
				assertThat(backlogged.readLine()).as("answered, not reset").isEqualTo("IN THE BACKLOG");
				assertThat(backlogged.closedByServer()).as("then closed by the drain").isTrue();
			}
			finally {
				release.countDown();
			}
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThatExceptionOfType(UncheckedIOException.class)
					.isThrownBy(server::connect)
					.withRootCauseInstanceOf(ConnectException.class));
		}
	}

	private static String listenerState(AdminClient admin) {
		return JsonPath.read(admin.ok("/actuator/listeners/tcp"), "$.state");
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
