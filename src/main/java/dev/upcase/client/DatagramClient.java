package dev.upcase.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * {@code upcase client --udp}: each message one datagram to the server's UDP endpoint, its reply the one datagram
 * that comes back.
 * <p>
 * A plain JDK socket, not Spring Integration: SI's UDP adapters are one-way (an outbound adapter sends, an inbound
 * one listens on a port of its own, and a reply would have to be matched to its request by headers), while a
 * request/reply client needs exactly one socket that sends and waits. The socket is <em>connected</em> to the
 * server: the kernel then hands it only datagrams from the server's address and port, so nothing else can be taken
 * for a reply, and a server that is not there is reported at once (the ICMP "port unreachable" surfaces as an
 * error on the next receive) instead of after the whole timeout.
 * <p>
 * UDP may lose a datagram or its reply; the wait for each is {@code --timeout}. After a failure the socket is
 * replaced by a new one (a new local port), so that a late reply to a request that timed out can never be taken for
 * the reply to the next one.
 */
public final class DatagramClient implements Exchange, AutoCloseable {

	/** The largest UDP payload over IPv4, as the server's {@code upcase.udp.max-datagram-bytes} allows at most. */
	public static final int MAX_DATAGRAM_BYTES = 65507;

	private final ClientSettings settings;

	private final byte[] buffer = new byte[MAX_DATAGRAM_BYTES + 1];

	private @Nullable DatagramSocket socket;

	DatagramClient(ClientSettings settings) {
		this.settings = settings;
	}

	/** Resolves the host and opens the socket now, so that an unknown host is reported before any input is read. */
	void connect() {
		socket();
	}

	/**
	 * An empty message is answered with an empty reply without asking the server: the server does not answer an
	 * empty datagram (there is nothing to uppercase, and no empty reply to send).
	 */
	@Override
	public byte[] exchange(byte[] request) {
		if (request.length == 0) {
			return request;
		}
		if (request.length > MAX_DATAGRAM_BYTES) {
			throw new IllegalArgumentException("the message is " + request.length + " bytes; a UDP datagram carries at "
					+ "most " + MAX_DATAGRAM_BYTES + " (and the server answers up to its upcase.udp.max-datagram-bytes)");
		}
		DatagramSocket current = socket();
		try {
			current.send(new DatagramPacket(request, request.length));
			DatagramPacket reply = new DatagramPacket(this.buffer, this.buffer.length);
			current.receive(reply); // at most --timeout (SO_TIMEOUT): SocketTimeoutException, reported as no reply
			return Arrays.copyOf(this.buffer, reply.getLength());
		}
		catch (PortUnreachableException ex) {
			close();
			throw nothingListens(this.settings);
		}
		catch (IOException ex) {
			close();
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @return the failure to report when the kernel said "port unreachable" for a connected socket's datagram: the
	 * same line and exit code as a refused TCP connection
	 */
	public static UncheckedIOException nothingListens(ClientSettings settings) {
		return new UncheckedIOException(
				new ConnectException("nothing listens on UDP port " + settings.port() + " (port unreachable)"));
	}

	private DatagramSocket socket() {
		DatagramSocket current = this.socket;
		if (current != null) {
			return current;
		}
		try {
			InetAddress server = InetAddress.getByName(this.settings.host());
			current = new DatagramSocket();
			current.connect(new InetSocketAddress(server, this.settings.port()));
			current.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, this.settings.timeout().toMillis())));
		}
		catch (IOException ex) {
			if (current != null) {
				current.close();
			}
			throw new UncheckedIOException(ex);
		}
		this.socket = current;
		return current;
	}

	@Override
	public void close() {
		DatagramSocket current = this.socket;
		if (current != null) {
			current.close();
			this.socket = null;
		}
	}

}
