package dev.upcase.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.upcase.client.ClientProcess.Result;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a connection can fail, as the user of the real CLI sees it: one line on stderr, nothing on stdout, no
 * stack trace, and the exit code the documentation gives. The misbehaving servers are plain server sockets.
 */
class ClientErrorsIT {

	@Test
	void connectionRefused() throws IOException {
		int port = portWithNothingListening();
		assertFailure(ClientProcess.run("--port", String.valueOf(port), "hello"), 3,
				"upcase: cannot connect to 127.0.0.1:" + port + ": connection refused");
		assertFailure(ClientProcess.run(ClientModesIT.bytes("hello\n"), "--port", String.valueOf(port), "--framing",
				"line"), 3, "upcase: cannot connect to 127.0.0.1:" + port + ": connection refused");
	}

	@Test
	void unknownHost() {
		assertFailure(ClientProcess.run("--host", "no-such-host.invalid", "hello"), 4,
				"upcase: cannot connect to no-such-host.invalid:8000: unknown host no-such-host.invalid");
	}

	@Test
	void noReplyWithinTheTimeout() throws IOException {
		try (SilentServer server = new SilentServer(false)) {
			String expected = "upcase: no reply from 127.0.0.1:" + server.port() + " within 1500ms";
			assertFailure(ClientProcess.run("--port", server.portText(), "--timeout", "1500ms", "hello"), 5, expected);
			assertFailure(ClientProcess.run(ClientModesIT.bytes("hello\n"), "--port", server.portText(), "--timeout",
					"1500ms", "--framing", "line"), 5, expected);
			assertFailure(ClientProcess.run(ClientModesIT.bytes("hello\n"), "--port", server.portText(), "--timeout",
					"1500ms"), 5, expected);
		}
	}

	@Test
	void serverClosesTheConnection() throws IOException {
		try (SilentServer server = new SilentServer(true)) {
			String expected = "upcase: 127.0.0.1:" + server.port() + " closed the connection before replying";
			assertFailure(ClientProcess.run("--port", server.portText(), "hello"), 6, expected);
			assertFailure(ClientProcess.run(ClientModesIT.bytes("hello\n"), "--port", server.portText(), "--framing",
					"line"), 6, expected);
			assertFailure(ClientProcess.run(ClientModesIT.bytes("hello\n"), "--port", server.portText()), 6, expected);
		}
	}

	@Test
	void repliesBeforeTheServerWentAwayStayOnStdout() throws IOException {
		for (String framing : new String[] { "line", "raw" }) {
			try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
				Thread answerOnce = new Thread(() -> answerFirstRequestOnly(server, framing.equals("line")),
						"answer-once");
				answerOnce.setDaemon(true);
				answerOnce.start();
				Result result = ClientProcess.run(ClientModesIT.bytes("one\ntwo\nthree\n"), "--port",
						String.valueOf(server.getLocalPort()), "--framing", framing);
				assertThat(result.exitCode()).as(framing + ": " + result.stderr()).isEqualTo(6);
				assertThat(result.stdout()).as(framing).isEqualTo("ONE\n");
				assertThat(result.stderrLines()).as(framing)
					.containsExactly("upcase: 127.0.0.1:" + server.getLocalPort() + " closed the connection before replying");
			}
		}
	}

	/**
	 * Answers the first request ({@code one}), then ends the connection once the next one has begun: its own side
	 * first, reading on until the client closes, so that no reset can discard the reply it sent.
	 */
	private static void answerFirstRequestOnly(ServerSocket server, boolean lineFraming) {
		try (Socket client = server.accept()) {
			InputStream in = client.getInputStream();
			byte[] one = in.readNBytes(3);
			if (lineFraming) {
				in.read(); // the LF
			}
			client.getOutputStream().write((new String(one, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT)
					+ (lineFraming ? "\n" : "")).getBytes(StandardCharsets.US_ASCII));
			in.read(); // the next request has begun
			client.shutdownOutput();
			in.transferTo(OutputStream.nullOutputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void verboseAddsTheStackTrace() throws IOException {
		Result result = ClientProcess.run("--port", String.valueOf(portWithNothingListening()), "--verbose", "hello");
		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(result.stdout()).isEmpty();
		assertThat(result.stderr()).contains("connection refused").contains("\tat ").contains("ConnectException");
	}

	private static void assertFailure(Result result, int exitCode, String line) {
		assertThat(result.exitCode()).as(result.stderr()).isEqualTo(exitCode);
		assertThat(result.stdout()).isEmpty();
		assertThat(result.stderrLines()).containsExactly(line);
	}

	static int portWithNothingListening() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
