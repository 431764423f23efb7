package dev.upcase.server.tcp;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Locale;

import dev.upcase.framing.Framing;
import dev.upcase.framing.WireCharsets;
import io.netty.handler.ssl.ClientAuth;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the TCP endpoint ({@code upcase.tcp.*}); the README's configuration table documents each one.
 *
 * @param host address to bind; {@code 0.0.0.0} or {@code ::} for every interface
 * @param port port to listen on; {@code 0} picks a free port (logged at startup)
 * @param backlog connections the kernel queues before the server accepts them (the seed's {@code listen(5)})
 * @param framing where one message ends: raw, line, crlf, length, stx-etx
 * @param charset encoding of the text to uppercase
 * @param maxMessageBytes the largest message a client may send
 * @param idleTimeout a connection with no bytes moving either way for longer is closed; {@code 0} = never
 * @param eventLoopThreads threads that serve every connection (reads, decoding, the flow and replies);
 * {@code 0} = one per available processor
 * @param readBufferBytes the most one socket read takes (raw framing: the largest message one read makes)
 * @param maxBufferedBytes request bytes all connections together may hold while their messages arrive; when
 * reached, reading pauses; {@code 0} = a quarter of the heap
 * @param maxConnections connections over this many are refused at once, per endpoint
 * @param maxTotalConnections connections over this many on all stream endpoints together are refused; unset = the
 * same as {@code maxConnections}
 * @param maxConnectionsPerPeer connections from one client address (an IPv6 client's /64) over this many are refused
 * @param writeTimeout a client that takes no byte of its replies for this long is disconnected
 * @param maxUnsentBytes reply bytes a client may leave unread before it is disconnected
 * @param shutdownGrace on shutdown, how long connections get to finish what they sent before they are closed
 * @param lameDuck on shutdown and the admin drain, how long the endpoints keep accepting and serving new clients
 * after readiness went DOWN, before they stop accepting and drain; {@code 0} = drain at once
 * @param proxyProtocol whether each connection to the TCP (or TLS) port starts with a PROXY protocol header (v1 or
 * v2) from a trusted load balancer, whose source address is then the connection's peer
 * @param ssl TLS on this endpoint: off unless a bundle is named
 */
@Validated
@ConfigurationProperties("upcase.tcp")
public record TcpProperties(
		@DefaultValue("127.0.0.1") @NotBlank(message = "must name an address to bind, e.g. 127.0.0.1 or 0.0.0.0") String host,
		@DefaultValue("8000") @Min(value = 0, message = "must be 0 (any free port) to 65535") @Max(value = 65535,
				message = "must be 0 (any free port) to 65535") int port,
		@DefaultValue("1024") @Min(value = 1, message = "must be at least 1") int backlog,
		@DefaultValue("raw") @NotNull(message = "must be one of raw, line, crlf, length, stx-etx") Framing framing,
		@DefaultValue("UTF-8") @NotNull(message = "must name a charset, e.g. UTF-8") Charset charset,
		@DefaultValue("64KB") @NotNull DataSize maxMessageBytes,
		@DefaultValue("5m") @NotNull Duration idleTimeout,
		@DefaultValue("0") @Min(value = 0, message = "must be 0 (one per processor) to 256") @Max(value = 256,
				message = "must be 0 (one per processor) to 256") int eventLoopThreads,
		@DefaultValue("64KB") @NotNull DataSize readBufferBytes,
		@DefaultValue("0") @NotNull DataSize maxBufferedBytes,
		@DefaultValue("16000") @Min(value = 1, message = "must be at least 1") int maxConnections,
		@Nullable @Min(value = 1, message = "must be at least 1") Integer maxTotalConnections,
		@DefaultValue("1000") @Min(value = 1, message = "must be at least 1") int maxConnectionsPerPeer,
		@DefaultValue("30s") @NotNull Duration writeTimeout,
		@DefaultValue("1MB") @NotNull DataSize maxUnsentBytes,
		@DefaultValue("20s") @NotNull Duration shutdownGrace,
		@DefaultValue("5s") @NotNull Duration lameDuck,
		@DefaultValue("false") boolean proxyProtocol,
		@DefaultValue @Valid Ssl ssl) {

	/**
	 * TLS settings ({@code upcase.tcp.ssl.*}); certificates, keys, protocols and ciphers come from the bundle.
	 *
	 * @param bundle the Spring Boot SSL bundle ({@code spring.ssl.bundle.*}) to serve TLS with; empty = plain TCP
	 * @param clientAuth whether clients must show a certificate the bundle's trust store trusts
	 * @param handshakeTimeout a client that has not completed the handshake by then is disconnected
	 * @param engine the TLS implementation: the JDK's, or BoringSSL
	 */
	public record Ssl(@Nullable String bundle,
			@DefaultValue("none") @NotNull(message = "must be one of none, want, need") ClientAuthentication clientAuth,
			@DefaultValue("10s") @NotNull Duration handshakeTimeout,
			@DefaultValue("jdk") @NotNull(message = "must be one of jdk, openssl") Engine engine) {

		public boolean enabled() {
			return this.bundle != null && !this.bundle.isBlank();
		}

		@AssertTrue(message = "upcase.tcp.ssl.handshake-timeout must be positive, e.g. 10s")
		boolean isHandshakeTimeoutPositive() {
			return this.handshakeTimeout == null || (!this.handshakeTimeout.isNegative()
					&& !this.handshakeTimeout.isZero());
		}

	}

	/**
	 * Which implementation does the TLS work: the JDK's {@code SSLEngine} (the default), or BoringSSL (netty-tcnative,
	 * bundled for Linux on x86_64 and aarch64), which takes about a quarter off the server's CPU per TLS reply but
	 * ends a connection when the client says close_notify: a client that half-closes (sends its requests, closes its
	 * side, then reads) loses its replies, where the JDK's engine answers them (TLS 1.3 half-close).
	 */
	public enum Engine {

		/** The JDK's {@code SSLEngine} and the JVM's security providers. */
		JDK,

		/** BoringSSL, or the start fails where its native library cannot be loaded. */
		OPENSSL

	}

	/** Client certificates: not asked for, asked for, or required. */
	public enum ClientAuthentication {

		NONE(ClientAuth.NONE), WANT(ClientAuth.OPTIONAL), NEED(ClientAuth.REQUIRE);

		private final ClientAuth netty;

		ClientAuthentication(ClientAuth netty) {
			this.netty = netty;
		}

		ClientAuth netty() {
			return this.netty;
		}

		/** @return the setting's value as written: none, want, need */
		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** Beyond this a single message would not fit the per-message arrays this server allocates. */
	static final DataSize MAX_MESSAGE_LIMIT = DataSize.ofMegabytes(64);

	@AssertTrue(message = "upcase.tcp.max-message-bytes must be between 1B and 64MB, e.g. 64KB")
	boolean isMaxMessageBytesInRange() {
		return this.maxMessageBytes == null || (this.maxMessageBytes.toBytes() >= 1
				&& this.maxMessageBytes.compareTo(MAX_MESSAGE_LIMIT) <= 0);
	}

	@AssertTrue(message = "upcase.tcp.read-buffer-bytes must be between 512B and 1MB, e.g. 64KB")
	boolean isReadBufferBytesInRange() {
		return this.readBufferBytes == null || (this.readBufferBytes.toBytes() >= 512
				&& this.readBufferBytes.toBytes() <= DataSize.ofMegabytes(1).toBytes());
	}

	@AssertTrue(message = "upcase.tcp.idle-timeout must be 0 (never) or a positive duration up to 24 days, e.g. 5m")
	boolean isIdleTimeoutInRange() {
		return this.idleTimeout == null || (!this.idleTimeout.isNegative()
				&& this.idleTimeout.toMillis() <= Integer.MAX_VALUE);
	}

	@AssertTrue(message = "upcase.tcp.write-timeout must be positive, e.g. 30s")
	boolean isWriteTimeoutPositive() {
		return this.writeTimeout == null || (!this.writeTimeout.isNegative() && !this.writeTimeout.isZero());
	}

	@AssertTrue(message = "upcase.tcp.max-unsent-bytes must be at least 1KB, e.g. 1MB")
	boolean isMaxUnsentBytesInRange() {
		return this.maxUnsentBytes == null || this.maxUnsentBytes.toBytes() >= 1024;
	}

	@AssertTrue(message = "upcase.tcp.shutdown-grace must be 0 or positive and below "
			+ "spring.lifecycle.timeout-per-shutdown-phase (30s by default), e.g. 20s")
	boolean isShutdownGraceInRange() {
		return this.shutdownGrace == null || !this.shutdownGrace.isNegative();
	}

	@AssertTrue(message = "upcase.tcp.lame-duck must be 0 (drain at once) or positive, e.g. 5s")
	boolean isLameDuckInRange() {
		return this.lameDuck == null || !this.lameDuck.isNegative();
	}

	@AssertTrue(message = "upcase.tcp.charset must be " + WireCharsets.RULE)
	boolean isCharsetOnTheWire() {
		return this.charset == null || WireCharsets.isSupported(this.charset);
	}

	@AssertTrue(message = "upcase.tcp.max-buffered-bytes must be 0 (a quarter of the heap) or at least "
			+ "max-message-bytes, e.g. 256MB")
	boolean isMaxBufferedBytesInRange() {
		return this.maxBufferedBytes == null || this.maxMessageBytes == null || this.maxBufferedBytes.toBytes() == 0
				|| this.maxBufferedBytes.compareTo(this.maxMessageBytes) >= 0;
	}

	@AssertTrue(message = "upcase.tcp.max-total-connections must be at least upcase.tcp.max-connections (each "
			+ "endpoint's limit; 16000 unless set), or left unset to be the same")
	boolean isMaxTotalConnectionsAtLeastPerEndpoint() {
		return this.maxTotalConnections == null || this.maxTotalConnections >= this.maxConnections;
	}

	/** @return the limit for all stream endpoints together: {@code max-total-connections}, else {@code max-connections} */
	int totalConnectionLimit() {
		return this.maxTotalConnections != null ? this.maxTotalConnections : this.maxConnections;
	}

	int maxMessageBytesAsInt() {
		return (int) this.maxMessageBytes.toBytes();
	}

	/** @return the event-loop threads, {@code 0} resolved to the available processors */
	public int eventLoopThreadCount() {
		return this.eventLoopThreads > 0 ? this.eventLoopThreads : Runtime.getRuntime().availableProcessors();
	}

	/** @return the request-byte budget, {@code 0} resolved to a quarter of the heap */
	long requestBufferBudget() {
		long configured = this.maxBufferedBytes.toBytes();
		return configured > 0 ? configured : Runtime.getRuntime().maxMemory() / 4;
	}

}
