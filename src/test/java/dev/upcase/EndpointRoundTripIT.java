package dev.upcase;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import dev.upcase.TestCertificates.PemFiles;
import dev.upcase.framing.Framing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The round trips of {@link RoundTripIT} over the other stream endpoints — TLS and the Unix-domain socket — in every
 * framing: the same decoders, the same flow, only the first handlers of the pipeline differ.
 */
class EndpointRoundTripIT {

	private static final int MAX = 64 * 1024;

	private static final Map<Framing, UpcaseServer> servers = new EnumMap<>(Framing.class);

	@TempDir
	static Path dir;

	private static PemFiles pem;

	private static SSLContext tls;

	enum Endpoint {

		TLS, UNIX

	}

	@BeforeAll
	static void certificates() {
		pem = TestCertificates.create(dir);
		tls = TlsClientContexts.trusting(pem.caCert());
	}

	@AfterAll
	static void stopServers() {
		servers.values().forEach(UpcaseServer::close);
		servers.clear();
	}

	/** One server per framing, with TLS on its TCP port and a Unix socket beside it. */
	private static UpcaseServer server(Framing framing) {
		return servers.computeIfAbsent(framing, f -> {
			List<String> arguments = new ArrayList<>(pem.serverBundleArguments("upcase"));
			arguments.addAll(List.of("--upcase.tcp.framing=" + f.configName(), "--upcase.tcp.ssl.bundle=upcase",
					"--upcase.unix.path=" + socket(f)));
			return UpcaseServer.start(arguments.toArray(String[]::new));
		});
	}

	private static Path socket(Framing framing) {
		return dir.resolve(framing.configName() + ".sock");
	}

	private static TcpTestClient connect(Endpoint endpoint, Framing framing) {
		UpcaseServer server = server(framing);
		return switch (endpoint) {
			case TLS -> new TcpTestClient(TlsClientContexts.connect(tls, server.tcpPort()));
			case UNIX -> TcpTestClient.unix(socket(framing));
		};
	}

	static Stream<Arguments> everyFraming() {
		return Stream.of(Endpoint.values())
			.flatMap(endpoint -> Stream.of(Framing.values()).map(framing -> Arguments.of(endpoint, framing)));
	}

	static Stream<Arguments> framingsWithAnEnd() {
		return everyFraming().filter(arguments -> arguments.get()[1] != Framing.RAW);
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("everyFraming")
	void uppercasesText(Endpoint endpoint, Framing framing) {
		try (TcpTestClient client = connect(endpoint, framing)) {
			assertThat(exchange(framing, client, "bith")).isEqualTo("BITH");
			assertThat(exchange(framing, client, "straße ñandú hello 世界")).isEqualTo("STRASSE ÑANDÚ HELLO 世界");
		}
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("framingsWithAnEnd")
	void emptyAndMaximumSizeMessagesComeBack(Endpoint endpoint, Framing framing) {
		byte[] largest = new byte[MAX];
		for (int i = 0; i < MAX; i++) {
			largest[i] = (byte) ('a' + i % 26);
		}
		try (TcpTestClient client = connect(endpoint, framing)) {
			client.write(Wire.frame(framing, new byte[0]));
			assertThat(Wire.readReply(framing, client, 0)).isEmpty();
			client.write(Wire.frame(framing, largest));
			assertThat(new String(Wire.readReply(framing, client, MAX), StandardCharsets.US_ASCII))
				.isEqualTo(new String(largest, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT));
		}
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("framingsWithAnEnd")
	void pipelinedRequestsAreAnsweredInOrder(Endpoint endpoint, Framing framing) {
		List<String> requests = new ArrayList<>();
		ByteArrayOutputStream burst = new ByteArrayOutputStream();
		for (int i = 0; i < 500; i++) {
			String request = "request number " + i;
			requests.add(request);
			burst.writeBytes(Wire.frame(framing, request.getBytes(StandardCharsets.UTF_8)));
		}
		try (TcpTestClient client = connect(endpoint, framing)) {
			client.write(burst.toByteArray());
			for (String request : requests) {
				byte[] reply = Wire.readReply(framing, client, request.length());
				assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo(request.toUpperCase(Locale.ROOT));
			}
		}
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("everyFraming")
	void aClientThatHalfClosesStillGetsItsReplies(Endpoint endpoint, Framing framing) {
		try (TcpTestClient client = connect(endpoint, framing)) {
			client.write(Wire.frame(framing, "last words".getBytes(StandardCharsets.UTF_8)));
			client.shutdownOutput();
			assertThat(new String(Wire.readReply(framing, client, 10), StandardCharsets.UTF_8)).isEqualTo("LAST WORDS");
			assertThat(client.closedByServer()).isTrue();
		}
	}

	private static String exchange(Framing framing, TcpTestClient client, String text) {
		client.write(Wire.frame(framing, text.getBytes(StandardCharsets.UTF_8)));
		int replyLength = text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8).length;
		return new String(Wire.readReply(framing, client, replyLength), StandardCharsets.UTF_8);
	}

}
