package dev.upcase.server.transport;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PeerKeyTest {

	@Test
	void anIpv4AddressIsItself() throws Exception {
		InetAddress address = InetAddress.getByName("203.0.113.7");
		assertThat(PeerKey.of(address)).isEqualTo("203.0.113.7");
		assertThat(PeerKey.network(address)).isSameAs(address);
		assertThat(PeerKey.of("203.0.113.7")).isEqualTo("203.0.113.7");
	}

	@Test
	void anIpv6AddressIsItsSlash64() throws Exception {
		assertThat(PeerKey.of("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).isEqualTo("2001:db8:1:2::/64");
		assertThat(PeerKey.of("2001:db8:1:2::1")).isEqualTo(PeerKey.of("2001:db8:1:2::ffff"));
		assertThat(PeerKey.of("2001:db8:1:3::1")).isEqualTo("2001:db8:1:3::/64");
		assertThat(PeerKey.network(InetAddress.getByName("2001:db8:1:2::9")))
			.isEqualTo(InetAddress.getByName("2001:db8:1:2::"));
	}

	@Test
	void anIpv4MappedAddressIsItsIpv4Address() {
		assertThat(PeerKey.of("::ffff:127.0.0.2")).isEqualTo("127.0.0.2");
	}

	@Test
	void whatIsNotAnAddressLiteralHasNoKeyAndIsNotLookedUp() {
		assertThat(PeerKey.of("unix")).isNull();
		assertThat(PeerKey.of("localhost")).isNull();
		assertThat(PeerKey.of("")).isNull();
	}

}
