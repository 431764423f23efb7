package dev.upcase.client;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;

import dev.upcase.framing.Framing;
import org.jspecify.annotations.Nullable;

/**
 * Where and how the client talks to the server, from the command line.
 *
 * @param host the server's host name or address
 * @param port the server's TCP port
 * @param framing where a message ends; must match the server's {@code upcase.tcp.framing}
 * @param timeout how long to wait for a connection and for each reply
 * @param charset the text encoding, as the server's {@code upcase.tcp.charset}
 * @param verbose stack traces and debug logging on stderr
 * @param tls TLS on the TCP connection ({@code --tls}), or none
 * @param unixSocket the server's Unix domain socket ({@code --unix}), instead of host and port
 */
public record ClientSettings(String host, int port, Framing framing, Duration timeout, Charset charset, boolean verbose,
		@Nullable ClientTls tls, @Nullable Path unixSocket) {

	/** Plain TCP to {@code host:port}. */
	public ClientSettings(String host, int port, Framing framing, Duration timeout, Charset charset, boolean verbose) {
		this(host, port, framing, timeout, charset, verbose, null, null);
	}

	/** @return {@code host:port}, or the Unix socket's path, as error messages name the server */
	public String address() {
		return (this.unixSocket != null) ? this.unixSocket.toString() : this.host + ":" + this.port;
	}

	/** @return the timeout as a person typed it: {@code 10s}, {@code 500ms} */
	public String timeoutText() {
		return Durations.text(this.timeout);
	}

	/** A command that runs with these settings. */
	public interface Source {

		/** @throws picocli.CommandLine.ParameterException when an option's value is out of range */
		ClientSettings settings();

		/** @return whether {@code --udp} was given: the settings are then the UDP endpoint's, without TLS or framing */
		boolean udp();

	}

}
