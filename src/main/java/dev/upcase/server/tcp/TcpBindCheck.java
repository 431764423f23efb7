package dev.upcase.server.tcp;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

import dev.upcase.server.transport.ListenerSetupException;

/**
 * Checks before startup that the configured address can be bound.
 * <p>
 * Spring Integration binds on its own thread after the context has started, and a failure there is one
 * ERROR with a stack trace while the application keeps running without its endpoint. Binding once here,
 * while the context is still being built, turns a port in use into a failed start with one clear message
 * ({@code ListenerSetupFailureAnalyzer}).
 */
final class TcpBindCheck {

	private TcpBindCheck() {
	}

	static void verify(String host, int port) {
		if (port == 0) {
			return; // any free port: nothing can be in the way
		}
		InetAddress address;
		try {
			address = InetAddress.getByName(host);
		}
		catch (UnknownHostException ex) {
			throw new TcpBindException(host, port, "the host name '" + host + "' does not resolve");
		}
		try (ServerSocket probe = new ServerSocket()) {
			probe.setReuseAddress(true);
			probe.bind(new InetSocketAddress(address, port), 1);
		}
		catch (BindException ex) {
			throw new TcpBindException(host, port, bindProblem(ex));
		}
		catch (IOException ex) {
			throw new TcpBindException(host, port, ex.getMessage());
		}
	}

	private static String bindProblem(BindException ex) {
		String message = String.valueOf(ex.getMessage());
		if (message.contains("in use")) {
			return "the port is already in use";
		}
		if (message.contains("assign")) {
			return "the address is not one of this machine's";
		}
		if (message.contains("ermission")) {
			return "permission denied (ports below 1024 need privileges)";
		}
		return message;
	}

	/** The TCP endpoint cannot listen where it is configured to. */
	static final class TcpBindException extends ListenerSetupException {

		private static final long serialVersionUID = 1L;

		TcpBindException(String host, int port, String problem) {
			super("upcase cannot listen on " + host + ":" + port + ": " + problem,
					"Stop whatever holds that address, or choose another with upcase.tcp.host / upcase.tcp.port "
							+ "(--upcase.tcp.port=0 picks any free port).");
		}

	}

}
