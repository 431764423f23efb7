package dev.upcase.server.udp;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Checks, while the context is being built, that the UDP address can be bound: the gateway binds when it starts,
 * after the context is built, where a failure would be a stack trace in a context that half started. Binding once
 * here turns a port in use into a failed start with one clear message ({@link UdpBindFailureAnalyzer}), the way
 * the TCP endpoint's check does for its port.
 */
final class UdpBindCheck {

	private UdpBindCheck() {
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
			throw new UdpBindException(host, port, "the host name '" + host + "' does not resolve");
		}
		// no SO_REUSEADDR: for UDP it would let the probe share a port another socket holds
		try (DatagramSocket probe = new DatagramSocket(null)) {
			probe.bind(new InetSocketAddress(address, port));
		}
		catch (BindException ex) {
			String message = String.valueOf(ex.getMessage());
			throw new UdpBindException(host, port, message.contains("in use") ? "the port is already in use"
					: message.contains("assign") ? "the address is not one of this machine's" : message);
		}
		catch (IOException ex) {
			throw new UdpBindException(host, port, String.valueOf(ex.getMessage()));
		}
	}

	/** The UDP endpoint cannot listen where it is configured to. */
	static final class UdpBindException extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		private final String address;

		private final String problem;

		UdpBindException(String host, int port, String problem) {
			super("Cannot listen for UDP on " + host + ":" + port + ": " + problem);
			this.address = host + ":" + port;
			this.problem = problem;
		}

		String address() {
			return this.address;
		}

		String problem() {
			return this.problem;
		}

	}

}
