package dev.upcase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLSocket;

import dev.upcase.TestCertificates.PemFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code upcase.tcp.ssl.engine}: the JDK's {@code SSLEngine} by default, BoringSSL on request, a start that fails
 * saying what to do where BoringSSL cannot load, and the one behaviour that differs between them (a client's
 * close_notify). Each server in a process of its own: whether BoringSSL loads is decided once per JVM
 * ({@code -Dio.netty.handler.ssl.noOpenSsl} stands in for a platform without it).
 */
class TlsEngineIT {

	private static final String NO_BORINGSSL = "-Dio.netty.handler.ssl.noOpenSsl=true";

	@TempDir
	static Path dir;

	private static PemFiles pem;

	@BeforeAll
	static void certificates() {
		pem = TestCertificates.create(dir);
	}

	@ParameterizedTest(name = "engine={0}")
	@CsvSource({ "jdk, the JDK's SSLEngine", "openssl, BoringSSL" })
	void theEngineInUseIsLoggedAndServes(String engine, String expected) throws Exception {
		try (ServerProcess server = ServerProcess.start(0, List.of(), arguments("--upcase.tcp.ssl.engine=" + engine))) {
			assertThat(server.log()).contains("TLS on the TCP endpoint with SSL bundle 'upcase' (" + expected + ")");
			try (SSLSocket socket = TlsClientContexts.connect(TlsClientContexts.trusting(pem.caCert()), server.tcpPort());
					TcpTestClient client = new TcpTestClient(socket)) {
				assertThat(client.exchangeLine("bith")).isEqualTo("BITH");
				assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
			}
			try (TcpTestClient plain = new TcpTestClient(server.tcpPort())) {
				plain.write("plain text\n");
				assertThat(plain.closedByServer()).as("plain text on the TLS port").isTrue();
			}
		}
	}

	/**
	 * A client that sends its request, then closes its side (close_notify) and reads: the JDK's engine answers it
	 * (TLS 1.3 half-close, as over plain TCP); BoringSSL, as Netty drives it, closes both directions at the
	 * close_notify, so the reply is lost — the documented price of its speed.
	 */
	@Test
	void aClientsCloseNotifyEndsTheConnectionOnBoringSslOnly() throws Exception {
		try (ServerProcess jdk = ServerProcess.start(0, List.of(), arguments());
				ServerProcess boringSsl = ServerProcess.start(0, List.of(), arguments("--upcase.tcp.ssl.engine=openssl"))) {
			assertThat(halfCloseAfterRequest(jdk)).isEqualTo("LAST WORDS\n");
			assertThat(halfCloseAfterRequest(boringSsl)).isEmpty();
		}
	}

	@Test
	void boringSslWhereItCannotLoadStopsTheStartWithWhatToDo() throws Exception {
		try (ServerProcess server = ServerProcess.launch(0, List.of(NO_BORINGSSL),
				arguments("--upcase.tcp.ssl.engine=openssl"))) {
			assertThat(server.waitForExit(90)).isNotZero();
			assertThat(server.log()).contains("upcase.tcp.ssl.engine=openssl but BoringSSL cannot be loaded here")
				.contains("Use upcase.tcp.ssl.engine=jdk")
				.doesNotContain("\tat ");
		}
	}

	@Test
	void anEngineThatDoesNotExistStopsTheStartNamingTheChoices() throws Exception {
		try (ServerProcess server = ServerProcess.launch(0, List.of(), arguments("--upcase.tcp.ssl.engine=boring"))) {
			assertThat(server.waitForExit(90)).isNotZero();
			assertThat(server.log()).contains("upcase.tcp.ssl.engine").contains("boring").containsIgnoringCase("openssl");
		}
	}

	/** @return all the server sent back after "last words" and a half-close, until it closed */
	private static String halfCloseAfterRequest(ServerProcess server) {
		try (SSLSocket socket = TlsClientContexts.connect(TlsClientContexts.trusting(pem.caCert()), server.tcpPort());
				TcpTestClient client = new TcpTestClient(socket)) {
			client.write("last words\n");
			client.shutdownOutput(); // TLS 1.3: close_notify, and the socket's read side stays open
			return new String(client.input().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return ""; // reset: nothing came back
		}
	}

	private static String[] arguments(String... more) {
		List<String> all = new ArrayList<>(pem.serverBundleArguments("upcase"));
		all.addAll(List.of("--upcase.tcp.framing=line", "--upcase.tcp.ssl.bundle=upcase"));
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

}
