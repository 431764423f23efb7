package dev.upcase.client;

import dev.upcase.framing.FrameCodec;
import dev.upcase.framing.Framing;

import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.dsl.TcpNetClientConnectionFactorySpec;

/**
 * The client's TCP connections, as every mode needs them: the framing's codec on both sides, buffered reads,
 * the timeout, no delay.
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

	/** @return a NET (blocking, a reader thread per connection) client connection factory for the settings */
	static TcpNetClientConnectionFactorySpec factory(ClientSettings settings) {
		FrameCodec codec = settings.framing()
			.codec(settings.framing() == Framing.RAW ? MAX_RAW_READ_BYTES : MAX_REPLY_BYTES, settings.charset());
		return Tcp.netClient(settings.host(), settings.port())
			.serializer(codec)
			.deserializer(new ReplyDeserializer(codec))
			.connectionSupport(BufferedClientConnection.SUPPORT)
			.connectTimeout((int) Math.max(1, settings.timeout().toSeconds())) // whole seconds, at least one
			.soTimeout((int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis()))
			.soTcpNoDelay(true) // small requests: send each one now
			.lookupHost(false);
	}

}
