package dev.upcase.server.tcp;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.jayway.jsonpath.JsonPath;
import dev.upcase.TcpTestClient;
import dev.upcase.UpcaseServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The Unix-domain socket endpoint ({@code upcase.unix.path}) over real Unix sockets: the same framing and flow as
 * TCP, the socket file's permissions, its removal, a stale file from a crash, and a live server on the path.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnixSocketEndpointIT {

	private static final String CREDENTIALS = "operator:s3cret";

	@TempDir
	static Path dir;

	private static UpcaseServer server;

	private static Path socket;

	@BeforeAll
	static void start() {
		socket = dir.resolve("run/upcase.sock"); // the directory does not exist yet: the server creates it
		server = UpcaseServer.start("--upcase.tcp.framing=line", "--upcase.unix.path=" + socket,
				"--spring.security.user.password=s3cret");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void answersLikeTcpWithTheSameFlow() throws IOException {
		try (UnixClient client = new UnixClient(socket)) {
			assertThat(client.exchangeLine("bith")).isEqualTo("BITH");
			assertThat(client.exchangeLine("straße ünïcode")).isEqualTo("STRASSE ÜNÏCODE");
		}
		try (TcpTestClient tcp = server.connect()) {
			assertThat(tcp.exchangeLine("tcp too")).isEqualTo("TCP TOO");
		}
	}

	@Test
	void servesManyClientsAtOnce() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<List<String>>> results = new ArrayList<>();
			for (int c = 0; c < 20; c++) {
				int id = c;
				results.add(pool.submit(() -> {
					List<String> replies = new ArrayList<>();
					try (UnixClient client = new UnixClient(socket)) {
						for (int m = 0; m < 50; m++) {
							replies.add(client.exchangeLine("client " + id + " message " + m));
						}
					}
					return replies;
				}));
			}
			for (int c = 0; c < results.size(); c++) {
				List<String> replies = results.get(c).get();
				assertThat(replies).hasSize(50);
				for (int m = 0; m < 50; m++) {
					assertThat(replies.get(m)).isEqualTo("CLIENT " + c + " MESSAGE " + m);
				}
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void theSocketFileIsTheOwnersOnly() throws IOException {
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
		assertThat(Files.exists(socket.resolveSibling("upcase.sock~"))).as("no temporary name left").isFalse();
	}

	@Test
	void theAdminApiHealthAndMetricsShowTheUnixEndpoint() throws IOException {
		try (UnixClient client = new UnixClient(socket)) {
			client.exchangeLine("seen");
			String connections = server.get("/actuator/connections?peer=unix", CREDENTIALS).body();
			List<String> peers = JsonPath.read(connections, "$.connections[?(@.endpoint == 'unix')].peer");
			assertThat(peers).as("the client's process and user, from the kernel")
				.contains("unix:pid=" + ProcessHandle.current().pid() + ",uid=" + uid());
			String health = server.get("/actuator/health/endpoints/unix", CREDENTIALS).body();
			assertThat((String) JsonPath.read(health, "$.status")).isEqualTo("UP");
			assertThat((String) JsonPath.read(health, "$.details.address")).isEqualTo(socket.toString());
			assertThat(server.get("/actuator/prometheus").body())
				.contains("upcase_connections_active{application=\"upcase\",endpoint=\"unix\"}")
				.contains("upcase_connections_closed_total{application=\"upcase\",endpoint=\"unix\",reason=\"client\"}");
			String listener = server.get("/actuator/listeners/unix", CREDENTIALS).body();
			assertThat((String) JsonPath.read(listener, "$.boundAddress")).isEqualTo(socket.toString());
		}
	}

	@Test
	void theAdminApiListsAndClosesOneEndpointsConnections() throws IOException {
		try (UnixClient unix = new UnixClient(socket); TcpTestClient tcp = server.connect()) {
			unix.exchangeLine("unix");
			tcp.exchangeLine("tcp");
			String listed = server.get("/actuator/connections?endpoint=unix", CREDENTIALS).body();
			assertThat(JsonPath.<List<String>>read(listed, "$.connections[*].endpoint")).isNotEmpty()
				.containsOnly("unix");
			var bad = server.get("/actuator/connections?endpoint=udp", CREDENTIALS);
			assertThat(bad.statusCode()).isEqualTo(400);
			assertThat(bad.body()).contains("one of tcp, unix");
			var closed = server.send("DELETE", "/actuator/connections?endpoint=unix", CREDENTIALS, null);
			assertThat((Integer) JsonPath.read(closed.body(), "$.closed")).isGreaterThanOrEqualTo(1);
			unix.awaitClosedByServer();
			assertThat(tcp.exchangeLine("tcp stays")).isEqualTo("TCP STAYS");
			String recent = server.get("/actuator/connections?state=closed&endpoint=unix", CREDENTIALS).body();
			assertThat(JsonPath.<List<String>>read(recent, "$.connections[*].reason")).contains("admin");
			assertThat(JsonPath.<List<String>>read(recent, "$.connections[*].endpoint")).containsOnly("unix");
		}
	}

	@Test
	void pausingTheUnixListenerLeavesTcpAlone() throws IOException {
		try (UnixClient open = new UnixClient(socket)) {
			server.send("POST", "/actuator/listeners/unix", CREDENTIALS, "{\"action\":\"pause\"}");
			try {
				assertThat(server.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
				try (UnixClient refused = new UnixClient(socket)) {
					refused.awaitClosedByServer(); // a new client is refused
				}
				assertThat(open.exchangeLine("still served")).isEqualTo("STILL SERVED");
				try (TcpTestClient tcp = server.connect()) {
					assertThat(tcp.exchangeLine("tcp goes on")).isEqualTo("TCP GOES ON");
				}
			}
			finally {
				server.send("POST", "/actuator/listeners/unix", CREDENTIALS, "{\"action\":\"resume\"}");
			}
			try (UnixClient again = new UnixClient(socket)) {
				assertThat(again.exchangeLine("again")).isEqualTo("AGAIN");
			}
		}
	}

	@Test
	void aSecondServerOnTheSamePathDoesNotStart(CapturedOutput output) {
		assertThatException().isThrownBy(() -> UpcaseServer.start("--upcase.unix.path=" + socket));
		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("another server is listening on the Unix socket " + socket)
			.contains("Stop it, or choose another upcase.unix.path")
			.doesNotContain("\tat ");
		assertThat(Files.exists(socket)).as("the live server's socket is left alone").isTrue();
	}

	@Test
	void aStaleSocketFileIsReplacedTheModeIsConfigurableAndTheFileIsRemovedOnStop(CapturedOutput output)
			throws IOException {
		Path stale = dir.resolve("stale.sock");
		try (var crashed = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			crashed.bind(UnixDomainSocketAddress.of(stale)); // closing a JDK channel leaves its file: like a crash
		}
		assertThat(Files.exists(stale)).isTrue();
		try (UpcaseServer second = UpcaseServer.start("--upcase.unix.path=" + stale, "--upcase.unix.mode=660",
				"--upcase.tcp.framing=line")) {
			assertThat(output.getOut()).contains("Replacing the stale Unix socket " + stale);
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stale))).isEqualTo("rw-rw----");
			try (UnixClient client = new UnixClient(stale)) {
				assertThat(client.exchangeLine("after a crash")).isEqualTo("AFTER A CRASH");
			}
		}
		assertThat(Files.exists(stale)).as("removed on stop").isFalse();
	}

	@Test
	void aGracefulStopAnswersEveryRequestAlreadySentThenRemovesTheFile() throws Exception {
		Path path = dir.resolve("stopping.sock");
		UpcaseServer stopping = UpcaseServer.start("--upcase.unix.path=" + path, "--upcase.tcp.framing=line");
		try (TcpTestClient client = TcpTestClient.unix(path)) {
			int requests = 20_000;
			StringBuilder burst = new StringBuilder();
			for (int i = 0; i < requests; i++) {
				burst.append("request ").append(i).append('\n');
			}
			client.write(burst.toString()); // most of it still in the socket buffers when the stop begins
			Thread stop = new Thread(stopping::close, "stop");
			stop.start();
			for (int i = 0; i < requests; i++) {
				assertThat(client.readLine()).isEqualTo("REQUEST " + i);
			}
			assertThat(client.closedByServer()).as("closed once every request is answered").isTrue();
			stop.join(30_000);
		}
		assertThat(Files.exists(path)).as("removed on stop").isFalse();
	}

	@Test
	void aFileThatIsNotASocketIsNeverDeleted(CapturedOutput output) throws IOException {
		Path precious = Files.writeString(dir.resolve("precious.txt"), "data");
		assertThatException().isThrownBy(() -> UpcaseServer.start("--upcase.unix.path=" + precious));
		assertThat(output.getOut()).contains("upcase.unix.path=" + precious + " exists and is not a socket");
		assertThat(Files.readString(precious)).isEqualTo("data");
	}

	private static long uid() throws IOException {
		return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
	}

	/** A blocking Unix-socket client speaking the line framing. */
	static final class UnixClient implements AutoCloseable {

		private final SocketChannel channel;

		UnixClient(Path path) throws IOException {
			this.channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
		}

		String exchangeLine(String line) throws IOException {
			ByteBuffer request = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
			while (request.hasRemaining()) {
				this.channel.write(request);
			}
			ByteBuffer reply = ByteBuffer.allocate(64 * 1024);
			while (reply.position() == 0 || reply.get(reply.position() - 1) != '\n') {
				if (this.channel.read(reply) < 0) {
					throw new IOException("closed by the server after " + reply.position() + " bytes");
				}
			}
			return new String(reply.array(), 0, reply.position() - 1, StandardCharsets.UTF_8);
		}

		/** Fails unless the server closes the connection within a few seconds. */
		void awaitClosedByServer() {
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
				try {
					return this.channel.read(ByteBuffer.allocate(1)) < 0;
				}
				catch (IOException ex) {
					return true; // reset
				}
			});
		}

		@Override
		public void close() throws IOException {
			this.channel.close();
		}

	}

}
