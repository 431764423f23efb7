package dev.upcase.server.udp;

import java.math.BigDecimal;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the UDP endpoint ({@code upcase.udp.*}); the README's configuration table documents each one. The
 * text's charset is the transformer's ({@code upcase.tcp.charset}): one transformer serves every endpoint.
 *
 * @param enabled whether to listen for datagrams at all (off by default)
 * @param host address to bind; {@code 0.0.0.0} or {@code ::} for every interface
 * @param port port to listen on; {@code 0} picks a free port (logged at startup). UDP ports are apart from TCP
 * ports: both endpoints may use the same number
 * @param maxDatagramBytes the largest datagram answered; larger ones are dropped, counted and logged
 * @param perSourceRate replies per second one source address may get, after its burst ({@link SourceRateLimit})
 * @param perSourceBurst replies one source address may get at once
 * @param maxSources source addresses the per-source limit tracks at once; beyond, new sources share one bucket
 * @param maxReplyRatio the longest reply sent, as a multiple of its request's length in bytes: 1 by default, so
 * that a spoofed request never makes the server send its victim more than the attacker sent
 */
@Validated
@ConfigurationProperties("upcase.udp")
public record UdpProperties(@DefaultValue("false") boolean enabled,
		@DefaultValue("127.0.0.1") @NotBlank(message = "must name an address to bind, e.g. 127.0.0.1 or 0.0.0.0") String host,
		@DefaultValue("8000") @Min(value = 0, message = "must be 0 (any free port) to 65535") @Max(value = 65535,
				message = "must be 0 (any free port) to 65535") int port,
		@DefaultValue("8KB") @NotNull DataSize maxDatagramBytes,
		@DefaultValue("1000") @Min(value = 1, message = RATE_RULE) @Max(value = 10_000_000,
				message = RATE_RULE) int perSourceRate,
		@DefaultValue("2000") @Min(value = 1, message = BURST_RULE) @Max(value = 10_000_000,
				message = BURST_RULE) int perSourceBurst,
		@DefaultValue("10000") @Min(value = 1, message = SOURCES_RULE) @Max(value = 1_000_000,
				message = SOURCES_RULE) int maxSources,
		@DefaultValue("1") double maxReplyRatio) {

	private static final String RATE_RULE = "must be 1 to 10000000 (replies per second to one source address), "
			+ "e.g. 1000";

	private static final String BURST_RULE = "must be 1 to 10000000 (replies one source address may get at once), "
			+ "e.g. 2000";

	private static final String SOURCES_RULE = "must be 1 to 1000000 (source addresses tracked at once), e.g. 10000";

	/** The largest payload a UDP datagram over IPv4 can carry: 65,535 − 8 (UDP header) − 20 (IP header). */
	static final int MAX_UDP_PAYLOAD = 65507;

	@AssertTrue(message = "upcase.udp.max-datagram-bytes must be between 1B and 65507B (the largest UDP payload), "
			+ "e.g. 8KB")
	boolean isMaxDatagramBytesInRange() {
		return this.maxDatagramBytes == null
				|| (this.maxDatagramBytes.toBytes() >= 1 && this.maxDatagramBytes.toBytes() <= MAX_UDP_PAYLOAD);
	}

	@AssertTrue(message = "upcase.udp.max-reply-ratio must be a number of at least 1, e.g. 1 (no reply longer than "
			+ "its request) or 3 (every reply: uppercasing at most triples a text)")
	boolean isMaxReplyRatioInRange() {
		return this.maxReplyRatio >= 1 && this.maxReplyRatio <= Double.MAX_VALUE; // NaN and infinity are not
	}

	/** @return the ratio as it was most likely written: {@code 1}, {@code 1.5}, not {@code 1.0} */
	String maxReplyRatioAsText() {
		return BigDecimal.valueOf(this.maxReplyRatio).stripTrailingZeros().toPlainString();
	}

	int maxDatagramBytesAsInt() {
		return (int) this.maxDatagramBytes.toBytes();
	}

}
