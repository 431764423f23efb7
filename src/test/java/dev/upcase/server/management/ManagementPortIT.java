package dev.upcase.server.management;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

import com.jayway.jsonpath.JsonPath;
import dev.upcase.UpcaseServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A management port of its own ({@code management.server.port}) listens where the HTTP port does — loopback by
 * default — unless {@code management.server.address} says otherwise, and the start-up line names the address the
 * port is really bound to. Tried with real connections to a non-loopback address of this machine. The status page
 * and the admin API work there as on the shared port.
 */
@ExtendWith(OutputCaptureExtension.class)
class ManagementPortIT {

	private static final String CREDENTIALS = "operator:s3cret";

	@Test
	void aManagementPortAloneStaysOnLoopbackAndTheLogSaysSo(CapturedOutput output) throws IOException {
		InetAddress outside = nonLoopbackAddress();
		try (UpcaseServer server = UpcaseServer.start("--management.server.port=0",
				"--spring.security.user.password=s3cret")) {
			int port = managementPort(server);
			assertThat(port).isNotEqualTo(server.httpPort());
			assertThatExceptionOfType(ConnectException.class).as("connecting to %s:%d", outside, port)
				.isThrownBy(() -> connect(outside, port));
			assertThat(ManagementHttp.get(uri(port, "/actuator/health"), null).statusCode()).isEqualTo(200);
			assertThat(output.getOut()).contains("Management endpoints on http://127.0.0.1:" + port + "/actuator")
				.contains("status page on http://127.0.0.1:" + port + "/");
		}
	}

	@Test
	void anAddressSetForTheManagementPortIsUsedAndLoggedAsBound(CapturedOutput output) throws IOException {
		InetAddress outside = nonLoopbackAddress();
		try (UpcaseServer server = UpcaseServer.start("--management.server.port=0",
				"--management.server.address=0.0.0.0", "--spring.security.user.password=s3cret")) {
			int port = managementPort(server);
			connect(outside, port); // open, as asked: the check above is not blind
			assertThat(output.getOut()).contains("Management endpoints on http://0.0.0.0:" + port + "/actuator");
		}
	}

	@Test
	void theStatusPageAndTheAdminApiWorkOnTheirOwnPort() {
		try (UpcaseServer server = UpcaseServer.start("--management.server.port=0",
				"--spring.security.user.password=s3cret")) {
			int port = managementPort(server);
			HttpResponse<String> page = ManagementHttp.get(uri(port, "/"), CREDENTIALS);
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("text/html"));
			assertThat(page.body()).contains("status.js");
			assertThat(ManagementHttp.get(uri(port, "/status.js"), CREDENTIALS).statusCode()).isEqualTo(200);
			assertThat(ManagementHttp.get(uri(port, "/status.css"), CREDENTIALS).statusCode()).isEqualTo(200);
			assertThat(ManagementHttp.get(uri(port, "/"), null).statusCode()).as("the page needs credentials").isEqualTo(401);

			// the page's own writes: same origin
			Map<String, String> fromThePage = Map.of("Origin", "http://127.0.0.1:" + port, "Content-Type",
					"application/json");
			for (String[] step : new String[][] { { "pause", "paused" }, { "resume", "accepting" } }) {
				HttpResponse<String> done = ManagementHttp.send("POST", uri(port, "/actuator/listeners/tcp"),
						CREDENTIALS, fromThePage, "{\"action\":\"" + step[0] + "\"}");
				assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
				assertThat((String) JsonPath.read(done.body(), "$.state")).isEqualTo(step[1]);
			}
			HttpResponse<String> foreign = ManagementHttp.send("POST", uri(port, "/actuator/listeners/tcp"), CREDENTIALS,
					Map.of("Origin", "http://127.0.0.1:" + server.httpPort(), "Content-Type", "application/json"),
					"{\"action\":\"pause\"}");
			assertThat(foreign.statusCode()).as("another port is another origin").isEqualTo(403);
			HttpResponse<String> untyped = ManagementHttp.send("POST", uri(port, "/actuator/listeners/tcp"), CREDENTIALS,
					Map.of(), "{\"action\":\"pause\"}");
			assertThat(untyped.statusCode()).isEqualTo(415);
			assertThat((String) JsonPath.read(untyped.body(), "$.expected")).contains("application/json");
			assertThat(ManagementHttp.get(uri(port, "/actuator/health/endpoints/tcp"), null).statusCode()).isEqualTo(401);
			assertThat((String) JsonPath.read(ManagementHttp.get(uri(port, "/actuator/listeners/tcp"), CREDENTIALS).body(),
					"$.state")).isEqualTo("accepting");
		}
	}

	static int managementPort(UpcaseServer server) {
		return server.context().getEnvironment().getRequiredProperty("local.management.port", Integer.class);
	}

	private static URI uri(int port, String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	private static void connect(InetAddress address, int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(address, port), 5_000);
		}
	}

	/** @return an address of this machine that is not loopback, or the test is skipped saying why */
	private static InetAddress nonLoopbackAddress() throws SocketException {
		Optional<InetAddress> found = NetworkInterface.networkInterfaces()
			.filter(ManagementPortIT::up)
			.flatMap(NetworkInterface::inetAddresses)
			.filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress()
					&& !address.isLinkLocalAddress())
			.findFirst();
		Assumptions.assumeTrue(found.isPresent(),
				"skipped: this machine has no non-loopback IPv4 address to try the management port from");
		return found.get();
	}

	private static boolean up(NetworkInterface network) {
		try {
			return network.isUp() && !network.isLoopback();
		}
		catch (SocketException ex) {
			return false;
		}
	}

}
