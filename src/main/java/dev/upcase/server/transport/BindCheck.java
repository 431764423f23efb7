package dev.upcase.server.transport;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Checks, while the context is being built, that an endpoint's address can be bound. The endpoints bind when they
 * start, after the context is built, where a failure would be one ERROR with a stack trace while the application
 * runs on without that endpoint. Binding a probe once here turns a port in use into a failed start with one clear
 * message ({@link ListenerSetupException}).
 */
public final class BindCheck {

	/** Binds a socket of the endpoint's kind to the address, and closes it. */
	@FunctionalInterface
	public interface Probe {

		void bind(InetSocketAddress address) throws IOException;

	}

	private BindCheck() {
	}

	/**
	 * @param listening what fails, as the message says it: {@code listen} or {@code listen for UDP datagrams}
	 * @param action what to change, for the failure report
	 */
	public static void verify(String host, int port, Probe probe, String listening, String action) {
		if (port == 0) {
			return; // any free port: nothing can be in the way
		}
		InetAddress address;
		try {
			address = InetAddress.getByName(host);
		}
		catch (UnknownHostException ex) {
			throw failure(listening, host, port, "the host name '" + host + "' does not resolve", action);
		}
		try {
			probe.bind(new InetSocketAddress(address, port));
		}
		catch (BindException ex) {
			throw failure(listening, host, port, problem(ex), action);
		}
		catch (IOException ex) {
			throw failure(listening, host, port, String.valueOf(ex.getMessage()), action);
		}
	}

	private static ListenerSetupException failure(String listening, String host, int port, String problem,
			String action) {
		return new ListenerSetupException("upcase cannot " + listening + " on " + host + ":" + port + ": " + problem,
				action);
	}

	private static String problem(BindException ex) {
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

}
