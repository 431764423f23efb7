package dev.upcase.server.udp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Whether a datagram's source may be answered at all: not when the reply would go to this server's own socket
 * (the source is its address and port, which only a spoofer can send from: answering starts a loop with itself),
 * nor to a privileged port (below 1024, port 0 included: where echo, chargen, daytime, DNS and NTP answer; a
 * reply there may be answered again, and so on — the "Loop DoS" class of attack).
 * <p>
 * "Its address": the one the socket is bound to; bound to every interface ({@code 0.0.0.0} or {@code ::}), any
 * address of this host — every interface's addresses ({@link #refresh}, re-read every few seconds, as interfaces
 * come and go), the loopback range and the unspecified address (a reply to {@code 0.0.0.0} reaches this host).
 * IPv4-mapped IPv6 addresses (an IPv4 sender on a dual-stack socket) are taken as the IPv4 address they carry.
 */
final class SourceCheck {

	/** Ports below this one are privileged: only root binds them, and the well-known responders live there. */
	static final int FIRST_UNPRIVILEGED_PORT = 1024;

	private final Supplier<Set<InetAddress>> interfaceAddresses;

	/** The socket's own address, port and (bound to every interface) this host's addresses; null until bound. */
	private volatile @Nullable Own own;

	/** @param interfaceAddresses this host's addresses, read again on each {@link #refresh} */
	SourceCheck(Supplier<Set<InetAddress>> interfaceAddresses) {
		this.interfaceAddresses = interfaceAddresses;
	}

	/** @param address the address and port the endpoint's socket is bound to */
	void boundTo(InetSocketAddress address) {
		InetAddress bound = normalize(address.getAddress());
		this.own = new Own(bound, address.getPort(), bound.isAnyLocalAddress() ? addresses() : Set.of(bound));
	}

	/** Reads this host's addresses again, when bound to every interface: interfaces come and go. */
	void refresh() {
		Own now = this.own;
		if (now != null && now.address().isAnyLocalAddress()) {
			this.own = new Own(now.address(), now.port(), addresses());
		}
	}

	/**
	 * @param sender the source of a datagram, its address {@linkplain #normalize normalized}
	 * @return why it must not be answered, or {@code null} when it may be; before the socket is bound (its own
	 * address unknown), nothing is answered
	 */
	@Nullable DropReason refusal(InetAddress sender, int senderPort) {
		Own now = this.own;
		if (now == null || sender.isAnyLocalAddress()) { // a reply to 0.0.0.0 goes to this host, whatever listens there
			return DropReason.LOOP;
		}
		if (senderPort == now.port() && now.includes(sender)) {
			return DropReason.LOOP;
		}
		if (senderPort < FIRST_UNPRIVILEGED_PORT) {
			return DropReason.PRIVILEGED_PORT;
		}
		return null;
	}

	private Set<InetAddress> addresses() {
		Set<InetAddress> result = new HashSet<>();
		this.interfaceAddresses.get().forEach(address -> result.add(normalize(address)));
		return Set.copyOf(result);
	}

	/**
	 * @param address bound to, normalized
	 * @param local the addresses that are this socket's: the bound one, or (bound to every interface) this host's
	 */
	private record Own(InetAddress address, int port, Set<InetAddress> local) {

		boolean includes(InetAddress sender) {
			return this.local.contains(sender) || (this.address.isAnyLocalAddress() && sender.isLoopbackAddress());
		}

	}

	/**
	 * @return the IPv4 address an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) carries, otherwise the address
	 * itself: one key for one sender whether it reached an IPv4 or a dual-stack socket
	 */
	static InetAddress normalize(InetAddress address) {
		if (address instanceof Inet6Address) {
			byte[] bytes = address.getAddress();
			if (isIpv4Mapped(bytes)) {
				try {
					return InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
				}
				catch (UnknownHostException ex) { // four bytes are always an address
					throw new IllegalStateException(ex);
				}
			}
		}
		return address;
	}

	private static boolean isIpv4Mapped(byte[] bytes) {
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
	}

	/** @return every address of every interface of this host, up or not; none when the host will not say */
	static Set<InetAddress> interfaceAddresses() {
		Set<InetAddress> addresses = new HashSet<>();
		try {
			NetworkInterface.networkInterfaces()
				.flatMap(NetworkInterface::inetAddresses)
				.forEach(addresses::add);
		}
		catch (SocketException ex) {
			// the loopback range and the bound address still count; the per-source limit bounds the rest
		}
		return addresses;
	}

}
