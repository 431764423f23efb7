package dev.upcase.server.tcp;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Unix-domain socket endpoint ({@code upcase.unix.*}): off unless a path is set. Framing, charset and limits are
 * the TCP endpoint's ({@code upcase.tcp.*}).
 *
 * @param path the socket file to create, e.g. {@code /run/upcase/upcase.sock}; missing directories are created
 * @param mode the socket file's permissions, octal: {@code 600} lets only the server's user connect, {@code 660}
 * its group too
 * @param proxyProtocol whether each connection starts with a PROXY protocol header (v1 or v2) from a trusted proxy
 * on this host, whose source address is then the connection's peer
 */
@Validated
@ConfigurationProperties("upcase.unix")
public record UnixSocketProperties(@Nullable Path path,
		@DefaultValue("600") @NotNull @Pattern(regexp = "0?[0-7]{3}",
				message = "must be octal permissions like 600 (owner only) or 660 (owner and group)") String mode,
		@DefaultValue("false") boolean proxyProtocol) {

	/**
	 * The kernel's limit for a socket path is 107 bytes; the server first binds a name one byte longer (see
	 * UnixListener), so the configured one may have 106.
	 */
	static final int MAX_PATH_BYTES = 106;

	@AssertTrue(message = "upcase.unix.path must be at most 106 bytes long (the kernel's limit for a socket path is "
			+ "107), e.g. /run/upcase/upcase.sock")
	boolean isPathShortEnough() {
		return this.path == null || this.path.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length
				<= MAX_PATH_BYTES;
	}

	boolean enabled() {
		return this.path != null && !this.path.toString().isBlank();
	}

}
