package dev.upcase.server.transport;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import io.netty.util.NetUtil;
import org.jspecify.annotations.Nullable;

/**
 * What one client is, wherever upcase limits clients — connection slots, the UDP reply rate, the login backoff: an
 * IPv4 address on its own, an IPv6 address by its /64 network, because one host is routinely given a whole /64 and
 * could otherwise appear as many clients as it likes. An IPv4-mapped IPv6 address is its IPv4 address.
 */
public final class PeerKey {

	private PeerKey() {
	}

	/**
	 * @return the address itself for IPv4 (no allocation: the UDP path calls this per datagram), else its /64 network
	 * address
	 */
	public static InetAddress network(InetAddress address) {
		if (address instanceof Inet4Address) {
			return address;
		}
		byte[] network = Arrays.copyOf(address.getAddress(), 16);
		Arrays.fill(network, 8, 16, (byte) 0);
		return fromBytes(network);
	}

	/** @return {@code 192.0.2.7}, or {@code 2001:db8:1:2::/64} for any address of that IPv6 network */
	public static String of(InetAddress address) {
		InetAddress network = network(fromBytes(address.getAddress())); // a mapped address becomes IPv4 here
		return NetUtil.toAddressString(network) + (network instanceof Inet4Address ? "" : "/64");
	}

	/** @return the key of an address literal, read without a name lookup; {@code null} if it is not one */
	public static @Nullable String of(String literal) {
		byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
		return bytes != null ? of(fromBytes(bytes)) : null;
	}

	private static InetAddress fromBytes(byte[] bytes) {
		try {
			return InetAddress.getByAddress(bytes); // 4 or 16 bytes: no lookup; an IPv4-mapped address comes back IPv4
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("not an IP address: " + bytes.length + " bytes", ex);
		}
	}

}
