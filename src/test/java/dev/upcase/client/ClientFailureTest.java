package dev.upcase.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import dev.upcase.client.ReplyDeserializer.ServerClosedException;
import dev.upcase.framing.Framing;
import dev.upcase.framing.TruncatedFrameException;
import org.junit.jupiter.api.Test;

import org.springframework.integration.MessageTimeoutException;
import org.springframework.messaging.MessagingException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every failure the gateway can hand back, wrapped the way Spring Integration wraps it, becomes its documented
 * exit code and one line.
 */
class ClientFailureTest {

	private static final ClientSettings SETTINGS = new ClientSettings("127.0.0.1", 8000, Framing.LINE,
			Duration.ofSeconds(5), StandardCharsets.UTF_8, false);

	@Test
	void connectionRefused() {
		assertFailure(new MessagingException("Failed to send or receive",
				new UncheckedIOException(new ConnectException("Connection refused"))), ExitCode.CONNECTION_REFUSED,
				"upcase: cannot connect to 127.0.0.1:8000: connection refused");
	}

	@Test
	void unknownHost() {
		ClientSettings settings = new ClientSettings("no-such-host.invalid", 8000, Framing.RAW, Duration.ofSeconds(5),
				StandardCharsets.UTF_8, false);
		ClientFailure failure = ClientFailure.of(new UncheckedIOException(new UnknownHostException("no-such-host.invalid")),
				settings);
		assertThat(failure.exitCode()).isEqualTo(ExitCode.UNKNOWN_HOST);
		assertThat(failure.line()).isEqualTo(
				"upcase: cannot connect to no-such-host.invalid:8000: unknown host no-such-host.invalid");
	}

	@Test
	void noReplyInTime() {
		assertFailure(new MessageTimeoutException("Timed out waiting for response"), ExitCode.TIMEOUT,
				"upcase: no reply from 127.0.0.1:8000 within 5s");
		assertFailure(new MessagingException("Exception while awaiting reply", new SocketTimeoutException("Read timed out")),
				ExitCode.TIMEOUT, "upcase: no reply from 127.0.0.1:8000 within 5s");
		assertFailure(new UncheckedIOException(new SocketTimeoutException("Connect timed out")), ExitCode.TIMEOUT,
				"upcase: cannot connect to 127.0.0.1:8000: no answer within 5s");
	}

	@Test
	void serverClosedTheConnection() {
		String line = "upcase: 127.0.0.1:8000 closed the connection before replying";
		assertFailure(new MessagingException("Exception while awaiting reply", new ServerClosedException()),
				ExitCode.CLOSED_BY_SERVER, line);
		assertFailure(new MessagingException("Send Failed", new SocketException("Connection reset")),
				ExitCode.CLOSED_BY_SERVER, line);
		assertFailure(new MessagingException("Exception while awaiting reply", new TruncatedFrameException(3)),
				ExitCode.CLOSED_BY_SERVER, "upcase: 127.0.0.1:8000 closed the connection in the middle of a reply");
	}

	/**
	 * The TLS failures the ITs cannot easily provoke from the real server, in the JDK's words: a handshake that
	 * times out or is cut short, and the server's alerts about the client's certificate, or its lack.
	 */
	@Test
	void tlsFailuresSayWhichSideRefusedWhat() {
		ClientSettings anonymous = tls(new ClientTls(Path.of("ca.pem"), null, null));
		ClientSettings identified = tls(new ClientTls(Path.of("ca.pem"), Path.of("me.pem"), Path.of("me.key")));
		assertTlsFailure(handshake(new SocketTimeoutException("Read timed out")), anonymous,
				"upcase: no TLS handshake with 127.0.0.1:8000 within 5s: does the server speak TLS on this port?");
		assertTlsFailure(handshake(new SSLHandshakeException("Remote host terminated the handshake")), anonymous,
				"upcase: 127.0.0.1:8000 closed the connection during the TLS handshake: does it speak TLS on this port? "
						+ "(Remote host terminated the handshake)");
		SSLException certificateRequired = new SSLException("Received fatal alert: certificate_required");
		assertTlsFailure(new MessagingException("Exception while awaiting reply", certificateRequired), anonymous,
				"upcase: 127.0.0.1:8000 requires a client certificate (give one with --cert and --key)");
		assertTlsFailure(new MessagingException("Send Failed", new SSLException("Received fatal alert: bad_certificate")),
				identified, "upcase: 127.0.0.1:8000 refused the client certificate in --cert me.pem (bad_certificate)");
		assertTlsFailure(handshake(new SSLHandshakeException("Received fatal alert: protocol_version")), anonymous,
				"upcase: the TLS handshake with 127.0.0.1:8000 failed: the server says protocol_version");
	}

	@Test
	void aUnixSocketIsNamedByItsPath() {
		ClientSettings unix = new ClientSettings("127.0.0.1", 8000, Framing.LINE, Duration.ofSeconds(5),
				StandardCharsets.UTF_8, false, null, Path.of("/run/upcase/upcase.sock"));
		ClientFailure failure = ClientFailure.of(new MessagingException("Send Failed", new ServerClosedException()), unix);
		assertThat(failure.line()).isEqualTo("upcase: /run/upcase/upcase.sock closed the connection before replying");
	}

	private static ClientSettings tls(ClientTls tls) {
		return new ClientSettings("127.0.0.1", 8000, Framing.LINE, Duration.ofSeconds(5), StandardCharsets.UTF_8, false,
				tls, null);
	}

	/** @return the failure as a connection attempt reports a failed handshake */
	private static Throwable handshake(IOException cause) {
		return new UncheckedIOException(new ClientTls.HandshakeException(cause));
	}

	private static void assertTlsFailure(Throwable thrown, ClientSettings settings, String line) {
		ClientFailure failure = ClientFailure.of(thrown, settings);
		assertThat(failure.exitCode()).isEqualTo(ExitCode.TLS);
		assertThat(failure.line()).isEqualTo(line);
	}

	@Test
	void anythingElseIsAnUnexpectedErrorNamedByItsRootCause() {
		assertFailure(new IllegalStateException("outer", new IllegalArgumentException("Disk on fire")), ExitCode.ERROR,
				"upcase: disk on fire");
	}

	@Test
	void verboseReportsAddTheStackTrace() {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		ClientSettings verbose = new ClientSettings("127.0.0.1", 8000, Framing.LINE, Duration.ofSeconds(5),
				StandardCharsets.UTF_8, true);
		ClientFailure.report(new MessageTimeoutException("Timed out waiting for response"), verbose,
				new PrintStream(err, true, StandardCharsets.UTF_8));
		assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("upcase: no reply from 127.0.0.1:8000 within 5s\n")
			.contains("MessageTimeoutException")
			.contains("\tat ");
	}

	private static void assertFailure(Throwable thrown, ExitCode exitCode, String line) {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		ClientFailure failure = ClientFailure.report(thrown, SETTINGS, new PrintStream(err, true, StandardCharsets.UTF_8));
		assertThat(failure.exitCode()).isEqualTo(exitCode);
		assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(line + System.lineSeparator());
	}

}
