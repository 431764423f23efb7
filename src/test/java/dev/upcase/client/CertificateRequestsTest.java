package dev.upcase.client;

import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedKeyManager;

import dev.upcase.client.CertificateRequests.ClientCertificateRefusedException;
import dev.upcase.client.ReplyDeserializer.ServerClosedException;
import dev.upcase.framing.Framing;
import org.junit.jupiter.api.Test;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A close that follows the server's request for a client certificate, before any reply, is told as the refusal it
 * is, even when the server's alert was lost to the reset that its close caused; any other close stays a close.
 */
class CertificateRequestsTest {

	@Test
	void aCloseBeforeAnyReplyAfterACertificateRequestIsARefusal() throws Exception {
		KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		factory.init(null, new char[0]);
		KeyManager[] managers = CertificateRequests.recording(factory.getKeyManagers());
		try (Socket asked = new Socket(); Socket notAsked = new Socket()) {
			// what the JDK does when the server sends a CertificateRequest: asks for an alias (none here)
			assertThat(((X509ExtendedKeyManager) managers[0]).chooseClientAlias(new String[] { "EC" }, null, asked))
				.isNull();
			SocketException reset = new SocketException("Connection reset");
			assertThat(CertificateRequests.explain(asked, reset, false))
				.isInstanceOf(ClientCertificateRefusedException.class)
				.hasNoCause() // an unchecked cause would be rethrown by the gateway proxy instead of this explanation
				.satisfies(refused -> assertThat(refused.getSuppressed()).containsExactly(reset));
			assertThat(CertificateRequests.explain(asked, new ServerClosedException(), false))
				.isInstanceOf(ClientCertificateRefusedException.class);
			// the reader found the socket closed by a failed send
			assertThat(CertificateRequests.explain(asked, new SoftEndOfStreamException("Socket closed when getting input stream",
					new SocketException("Socket is closed")), false))
				.isInstanceOf(ClientCertificateRefusedException.class);
			assertThat(CertificateRequests.explain(asked, new SSLException("Received fatal alert: bad_certificate"), false))
				.as("an alert says it all").isInstanceOf(SSLException.class)
				.isNotInstanceOf(ClientCertificateRefusedException.class);
			assertThat(CertificateRequests.explain(asked, reset, true)).as("after a reply").isSameAs(reset);
			assertThat(CertificateRequests.explain(notAsked, reset, false)).as("no request").isSameAs(reset);

			ClientSettings settings = new ClientSettings("127.0.0.1", 8000, Framing.LINE, Duration.ofSeconds(5),
					StandardCharsets.UTF_8, false, new ClientTls(Path.of("ca.pem"), Path.of("me.pem"), Path.of("me.key")),
					null);
			assertThat(ClientFailure.of(CertificateRequests.explain(asked, reset, false), settings).line()).isEqualTo(
					"upcase: 127.0.0.1:8000 refused the client certificate in --cert me.pem (it asked for one, then closed the connection)");
		}
	}

}
