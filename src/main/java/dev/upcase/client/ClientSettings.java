package dev.upcase.client;

import java.nio.charset.Charset;
import java.time.Duration;

import dev.upcase.framing.Framing;

/**
 * Where and how the client talks to the server, from the command line.
 *
 * @param host the server's host name or address
 * @param port the server's TCP port
 * @param framing where a message ends; must match the server's {@code upcase.tcp.framing}
 * @param timeout how long to wait for a connection and for each reply
 * @param charset the text encoding, as the server's {@code upcase.tcp.charset}
 * @param verbose stack traces and debug logging on stderr
 */
public record ClientSettings(String host, int port, Framing framing, Duration timeout, Charset charset, boolean verbose) {

	/** @return {@code host:port}, as error messages name the server */
	public String address() {
		return this.host + ":" + this.port;
	}

	/** @return the timeout as a person typed it: {@code 10s}, {@code 500ms} */
	public String timeoutText() {
		return Durations.text(this.timeout);
	}

	/** A command that runs with these settings. */
	public interface Source {

		/** @throws picocli.CommandLine.ParameterException when an option's value is out of range */
		ClientSettings settings();

	}

}
