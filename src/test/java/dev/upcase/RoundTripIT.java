package dev.upcase;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.upcase.framing.Framing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round trips over a real socket in every framing.
 */
class RoundTripIT {

	private static final int MAX = 64 * 1024;

	private static final Map<Framing, UpcaseServer> servers = new EnumMap<>(Framing.class);

	static UpcaseServer server(Framing framing) {
		return servers.computeIfAbsent(framing,
				f -> UpcaseServer.start("--upcase.tcp.framing=" + f.configName()));
	}

	@AfterAll
	static void stopServers() {
		servers.values().forEach(UpcaseServer::close);
		servers.clear();
	}

	@ParameterizedTest
	@EnumSource(Framing.class)
	void uppercasesTextInEveryFraming(Framing framing) {
		try (TcpTestClient client = server(framing).connect()) {
			assertThat(exchange(framing, client, "bith")).isEqualTo("BITH");
			assertThat(exchange(framing, client, "straße ñandú hello 世界")).isEqualTo("STRASSE ÑANDÚ HELLO 世界");
		}
	}

	@ParameterizedTest
	@EnumSource(value = Framing.class, names = "RAW", mode = EnumSource.Mode.EXCLUDE)
	void emptyAndMaximumSizeMessagesComeBack(Framing framing) {
		byte[] largest = new byte[MAX];
		for (int i = 0; i < MAX; i++) {
			largest[i] = (byte) ('a' + i % 26);
		}
		try (TcpTestClient client = server(framing).connect()) {
			client.write(Wire.frame(framing, new byte[0]));
			assertThat(Wire.readReply(framing, client, 0)).isEmpty();
			client.write(Wire.frame(framing, largest));
			assertThat(new String(Wire.readReply(framing, client, MAX), StandardCharsets.US_ASCII))
				.isEqualTo(new String(largest, StandardCharsets.US_ASCII).toUpperCase());
		}
	}

	@ParameterizedTest
	@EnumSource(value = Framing.class, names = "RAW", mode = EnumSource.Mode.EXCLUDE)
	void pipelinedRequestsAreAnsweredInOrder(Framing framing) {
		List<String> requests = new ArrayList<>();
		java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
		for (int i = 0; i < 500; i++) {
			String request = "request number " + i;
			requests.add(request);
			burst.writeBytes(Wire.frame(framing, request.getBytes(StandardCharsets.UTF_8)));
		}
		try (TcpTestClient client = server(framing).connect()) {
			client.write(burst.toByteArray()); // all at once: the server reads many requests per read
			for (String request : requests) {
				byte[] reply = Wire.readReply(framing, client, request.length());
				assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo(request.toUpperCase());
			}
		}
	}

	@Test
	void rawFramingAnswersEachReadLikeTheSeed() {
		try (TcpTestClient client = server(Framing.RAW).connect()) {
			for (String message : List.of("hello", "world", "bith")) {
				client.write(message);
				assertThat(new String(client.readSome(1024), StandardCharsets.UTF_8)).isEqualTo(message.toUpperCase());
			}
		}
	}

	@Test
	void rawFramingKeepsACharacterSplitAcrossTwoReadsWhole() throws InterruptedException {
		byte[] text = "añb".getBytes(StandardCharsets.UTF_8); // ñ is 2 bytes: cut between them
		try (TcpTestClient client = server(Framing.RAW).connect()) {
			client.write(java.util.Arrays.copyOfRange(text, 0, 2));
			Thread.sleep(2); // separate reads, well within the time a cut character is held
			client.write(java.util.Arrays.copyOfRange(text, 2, text.length));
			byte[] reply = client.readExactly("AÑB".getBytes(StandardCharsets.UTF_8).length);
			assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("AÑB");
		}
	}

	@Test
	void lineFramingWritesACarriageReturnBackAsItCame() {
		try (TcpTestClient client = server(Framing.LINE).connect()) {
			client.write("crlf client\r\nlf client\n");
			assertThat(client.readLine()).isEqualTo("CRLF CLIENT\r");
			assertThat(client.readLine()).isEqualTo("LF CLIENT");
		}
	}

	@ParameterizedTest
	@EnumSource(Framing.class)
	void aClientThatHalfClosesStillGetsItsReplies(Framing framing) {
		try (TcpTestClient client = server(framing).connect()) {
			client.write(Wire.frame(framing, "last words".getBytes(StandardCharsets.UTF_8)));
			client.shutdownOutput();
			assertThat(new String(Wire.readReply(framing, client, 10), StandardCharsets.UTF_8)).isEqualTo("LAST WORDS");
			assertThat(client.closedByServer()).isTrue();
		}
	}

	private static String exchange(Framing framing, TcpTestClient client, String text) {
		byte[] request = text.getBytes(StandardCharsets.UTF_8);
		client.write(Wire.frame(framing, request));
		int replyLength = text.toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8).length;
		return new String(Wire.readReply(framing, client, replyLength), StandardCharsets.UTF_8);
	}

}
