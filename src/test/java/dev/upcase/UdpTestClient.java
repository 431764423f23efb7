package dev.upcase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A plain JDK datagram socket for tests, not connected: it sees a reply from any address and port, so a test can
 * check where the reply came from.
 */
public final class UdpTestClient implements AutoCloseable {

	private final DatagramSocket socket;

	private final InetSocketAddress server;

	public UdpTestClient(int port) {
		try {
			this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			this.socket.setSoTimeout(15_000);
			this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public UdpTestClient send(byte[] payload) {
		try {
			this.socket.send(new DatagramPacket(payload, payload.length, this.server));
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public UdpTestClient send(String text) {
		return send(text.getBytes(StandardCharsets.UTF_8));
	}

	/** @return the next datagram that arrives, or {@code null} when none comes within the timeout */
	public @Nullable DatagramPacket receivePacket(int timeoutMillis) {
		byte[] buffer = new byte[65536];
		DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
		try {
			this.socket.setSoTimeout(timeoutMillis);
			this.socket.receive(packet);
			return packet;
		}
		catch (SocketTimeoutException ex) {
			return null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return the next datagram's payload; fails when none comes within 15 s */
	public byte[] receive() {
		DatagramPacket packet = receivePacket(15_000);
		if (packet == null) {
			throw new AssertionError("no datagram within 15 s");
		}
		return Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength());
	}

	public String receiveText() {
		return new String(receive(), StandardCharsets.UTF_8);
	}

	/** @return the reply to this one request */
	public String exchange(String text) {
		return send(text).receiveText();
	}

	public int localPort() {
		return this.socket.getLocalPort();
	}

	@Override
	public void close() {
		this.socket.close();
	}

}
