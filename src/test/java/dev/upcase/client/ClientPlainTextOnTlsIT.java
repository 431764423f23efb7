package dev.upcase.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.upcase.TestCertificates;
import dev.upcase.TestCertificates.PemFiles;
import dev.upcase.UpcaseServer;
import dev.upcase.client.ClientProcess.Result;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.upcase.client.ClientModesIT.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real CLI without {@code --tls} against the TLS port, on both TLS engines: whatever it sends — four bytes, less
 * than a TLS record header, or a longer line — the server refuses it at its first byte (reason {@code tls}, one log
 * line naming that byte and nothing more), and the client says the server closed the connection (exit code 6), as
 * docs/cli.md promises. The server's handshake timeout is far longer than the client's timeout: a server that
 * waited for more bytes would make the client time out (exit code 5) instead.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientPlainTextOnTlsIT {

	@TempDir
	static Path dir;

	private static UpcaseServer jdk;

	private static UpcaseServer boringSsl;

	@BeforeAll
	static void startServers() {
		PemFiles pem = TestCertificates.create(dir);
		jdk = UpcaseServer.start(tls(pem, "jdk"));
		boringSsl = UpcaseServer.start(tls(pem, "openssl"));
	}

	@AfterAll
	static void stopServers() {
		jdk.close();
		boringSsl.close();
	}

	@ParameterizedTest(name = "engine={0}, message={1}")
	@CsvSource({ "jdk, bith, 0x62 'b'", "jdk, hello world, 0x68 'h'", "openssl, bith, 0x62 'b'",
			"openssl, hello world, 0x68 'h'" })
	void plainTextIsRefusedAtItsFirstByte(String engine, String message, String firstByte, CapturedOutput output) {
		UpcaseServer server = engine.equals("jdk") ? jdk : boringSsl;
		Result result = ClientProcess.run("--port", port(server), "--timeout", "60s", "--message", message);
		assertThat(result.exitCode()).as(result.stderr()).isEqualTo(6);
		assertThat(result.stdout()).as("no byte of a TLS alert taken for a reply").isEmpty();
		assertThat(result.stderrLines())
			.containsExactly("upcase: 127.0.0.1:" + server.tcpPort() + " closed the connection before replying");
		String refusal = "closed (tls: not TLS: the first byte is " + firstByte
				+ ", a TLS client's is 0x16 (plain text on the TLS port?))";
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains(refusal));
		assertThat(output.getOut()).doesNotContain("not an SSL/TLS record");
	}

	private static String[] tls(PemFiles pem, String engine) {
		List<String> all = new ArrayList<>(pem.serverBundleArguments("upcase"));
		all.addAll(List.of("--upcase.tcp.ssl.bundle=upcase", "--upcase.tcp.ssl.engine=" + engine,
				"--upcase.tcp.ssl.handshake-timeout=120s"));
		return all.toArray(String[]::new);
	}

}
