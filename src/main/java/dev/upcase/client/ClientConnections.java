package dev.upcase.client;

import java.nio.file.Path;

import javax.net.ssl.SSLContext;

import dev.upcase.framing.FrameCodec;
import dev.upcase.framing.Framing;

import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.dsl.TcpNetClientConnectionFactorySpec;
import org.springframework.integration.ip.tcp.connection.AbstractClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.DefaultTcpNetSSLSocketFactorySupport;
import org.springframework.integration.ip.tcp.connection.DefaultTcpSocketSupport;

/**
 * The client's connections, as every mode needs them: TCP (with TLS on {@code --tls}) or a Unix domain socket
 * ({@code --unix}); the framing's codec on both sides, buffered reads, the timeout, no delay.
 */
final class ClientConnections {

	/**
	 * Largest reply accepted: the server's largest request (64 MB) times the most uppercasing can grow a text
	 * (three times, e.g. {@code ΐ} → {@code Ϊ́}).
	 */
	static final int MAX_REPLY_BYTES = 3 * 64 * 1024 * 1024;

	/**
	 * Largest raw reply: what one read brings (a raw reply has no end marker), at most the server's default
	 * {@code max-message-bytes}; a longer one arrives in pieces.
	 */
	static final int MAX_RAW_READ_BYTES = 64 * 1024;

	private ClientConnections() {
	}

	/**
	 * @param singleUse a new connection each time one is asked for (the thread-affinity factory asks once per
	 * thread), or one connection shared by whoever asks
	 * @param readTimeout whether a connection's reader gives up after the timeout without a reply (a pipe may
	 * pause between lines: there the replies are timed by their reader)
	 * @return a client connection factory for the settings, not yet initialized nor started: a bean to register
	 */
	static AbstractClientConnectionFactory factory(ClientSettings settings, boolean singleUse, boolean readTimeout) {
		FrameCodec codec = settings.framing()
			.codec(settings.framing() == Framing.RAW ? MAX_RAW_READ_BYTES : MAX_REPLY_BYTES, settings.charset());
		ReplyDeserializer deserializer = new ReplyDeserializer(codec);
		Path unixSocket = settings.unixSocket();
		if (unixSocket != null) {
			UnixSocketConnectionFactory factory = new UnixSocketConnectionFactory(unixSocket);
			factory.setSerializer(codec);
			factory.setDeserializer(deserializer);
			factory.setSingleUse(singleUse);
			return factory;
		}
		TcpNetClientConnectionFactorySpec spec = Tcp.netClient(settings.host(), settings.port())
			.serializer(codec)
			.deserializer(deserializer)
			.connectionSupport(BufferedClientConnection.SUPPORT)
			.connectTimeout((int) Math.max(1, settings.timeout().toSeconds())) // whole seconds, at least one
			.soTimeout(readTimeout ? (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis()) : 0)
			.soTcpNoDelay(true) // small requests: send each one now
			.lookupHost(false)
			.singleUseConnections(singleUse);
		ClientTls tls = settings.tls();
		if (tls != null) {
			SSLContext context = tls.sslContext();
			spec.socketFactorySupport(new DefaultTcpNetSSLSocketFactorySupport(() -> context))
				.socketSupport(new DefaultTcpSocketSupport(true)) // the server's certificate must be for --host
				.connectionSupport(ClientTls.handshakeFirst(BufferedClientConnection.SUPPORT, settings.timeout()));
		}
		return spec.getObject();
	}

}
