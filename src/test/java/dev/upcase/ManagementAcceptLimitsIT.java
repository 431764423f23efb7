package dev.upcase;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP (management) port in a process out of file descriptors, as {@link TransportLimitsIT} tries the TCP
 * endpoint: the packaged jar under a low {@code ulimit -n}, more HTTP connections than it has descriptors. Tomcat's
 * acceptor fails and retries; the log says so in one line (not Tomcat's {@code Socket accept failed} with a stack
 * trace at each retry), and the port answers again once descriptors free up.
 */
class ManagementAcceptLimitsIT {

	@Test
	void runningOutOfFileDescriptorsOnTheHttpPortIsOneLineNotAStackTracePerRetry() throws Exception {
		try (ServerProcess server = ServerProcess.launch(400, List.of("-Xmx256m"))) {
			// a start can take minutes on a loaded machine: wait for it here rather than fail on a timeout
			Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
				.until(() -> server.log().contains("Listening for TCP clients") || server.log().contains("APPLICATION FAILED"));
			assertThat(server.httpPort()).as(server.log()).isPositive();
			assertThat(server.httpStatus("/actuator/health")).isEqualTo(200);
			List<Socket> clients = new ArrayList<>();
			try {
				// until Tomcat cannot accept and its backlog (100) is full: the next connect then times out
				for (int i = 0; i < 700; i++) {
					Socket client = new Socket();
					try {
						client.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), 3_000);
					}
					catch (SocketTimeoutException ex) {
						client.close();
						break;
					}
					clients.add(client);
				}
				Awaitility.await().atMost(Duration.ofSeconds(30))
					.until(() -> server.log().contains("Cannot accept HTTP connections"));
				Thread.sleep(4000); // Tomcat retries several times a second at first
				List<String> lines = server.logLines();
				assertThat(lines.stream().filter(l -> l.contains("Cannot accept HTTP connections")).count())
					.as(server.log()).isBetween(1L, 2L);
				assertThat(lines).as("Tomcat's own line and stack trace").noneMatch(l -> l.contains("Socket accept failed"))
					.noneMatch(l -> l.startsWith("\tat ") || l.contains("\tat "));
				assertThat(lines.stream().filter(l -> l.contains("Cannot accept HTTP connections")).findFirst().orElseThrow())
					.contains("ERROR", "on http://127.0.0.1:" + server.httpPort() + ": Too many open files", "ulimit -n");
			}
			finally {
				for (Socket client : clients) {
					try {
						client.close();
					}
					catch (IOException ex) {
						// closing anyway
					}
				}
			}
			Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
				.until(() -> server.httpStatus("/actuator/health") == 200);
		}
	}

}
