package dev.upcase;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import dev.upcase.server.endpoint.EndpointState;
import dev.upcase.server.udp.DatagramEndpoint;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UDP listener steered through the admin API, as an operator does: pause (datagrams dropped and counted,
 * health DOWN), resume, drain (still answered during the lame duck, then no more replies), and a clean stop after
 * it. The TCP endpoint beside it is not
 * affected.
 */
class UdpListenerIT {

	@Test
	void pauseResumeAndDrainThroughTheListenersApi() {
		UpcaseServer server = UpcaseServer.start("--upcase.udp.enabled=true", "--upcase.udp.port=0",
				"--upcase.tcp.lame-duck=2s", "--spring.security.user.password=s3cret");
		DatagramEndpoint endpoint = server.context().getBean(DatagramEndpoint.class);
		try (UdpTestClient client = new UdpTestClient(UdpIT.udpPort(server))) {
			assertThat(client.exchange("before")).isEqualTo("BEFORE");

			assertThat(act(server, "pause")).isEqualTo("paused");
			assertThat(server.get("/actuator/health/endpoints/udp", UdpIT.CREDENTIALS).statusCode()).isEqualTo(503);
			assertThat(server.get("/actuator/health/endpoints/tcp", UdpIT.CREDENTIALS).statusCode()).isEqualTo(200);
			client.send("while paused");
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> UdpIT.metric(server, "upcase.udp.datagrams.dropped", "reason:paused") == 1);
			try (TcpTestClient tcp = server.connect()) {
				assertThat(tcp.write("tcp").readExactly(3)).as("TCP goes on").isEqualTo(new byte[] { 'T', 'C', 'P' });
			}

			assertThat(act(server, "resume")).isEqualTo("accepting");
			// the paused datagram was dropped, not kept: the next reply is to the next request
			assertThat(client.exchange("after")).isEqualTo("AFTER");
			assertThat(server.get("/actuator/health/endpoints/udp", UdpIT.CREDENTIALS).statusCode()).isEqualTo(200);

			assertThat(act(server, "drain")).isEqualTo("lame-duck");
			assertThat(server.get("/actuator/health/endpoints/udp", UdpIT.CREDENTIALS).statusCode()).isEqualTo(503);
			assertThat(client.exchange("lame duck")).as("answered during the lame duck").isEqualTo("LAME DUCK");
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> endpoint.state() == EndpointState.DRAINING);
			HttpResponse<String> resume = server.send("POST", "/actuator/listeners/udp", UdpIT.CREDENTIALS,
					"{\"action\":\"resume\"}");
			assertThat(resume.statusCode()).as("a drain is not undone: " + resume.body()).isEqualTo(409);
			assertThat((String) JsonPath.read(resume.body(), "$.state")).isEqualTo("draining");
			client.send("while draining");
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> UdpIT.metric(server, "upcase.udp.datagrams.dropped", "reason:draining") == 1);
		}
		finally {
			server.close();
		}
		assertThat(endpoint.state()).isEqualTo(EndpointState.STOPPED);
	}

	private static String act(UpcaseServer server, String action) {
		HttpResponse<String> response = server.send("POST", "/actuator/listeners/udp", UdpIT.CREDENTIALS,
				"{\"action\":\"" + action + "\"}");
		assertThat(response.statusCode()).as(action + " → " + response.body()).isEqualTo(200);
		return JsonPath.read(response.body(), "$.state");
	}

}
