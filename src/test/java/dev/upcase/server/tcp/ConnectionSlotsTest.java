package dev.upcase.server.tcp;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionSlotsTest {

	@Test
	void eachPeerHasItsOwnLimitAndGivesSlotsBack() {
		ConnectionSlots slots = new ConnectionSlots(10, 2);
		assertThat(slots.claimPeer("10.0.0.7")).isTrue();
		assertThat(slots.claimPeer("10.0.0.7")).isTrue();
		assertThat(slots.claimPeer("10.0.0.7")).isFalse();
		assertThat(slots.claimPeer("10.0.0.8")).isTrue();
		assertThat(slots.openFrom("10.0.0.7")).isEqualTo(2);
		slots.releasePeer("10.0.0.7");
		assertThat(slots.claimPeer("10.0.0.7")).isTrue();
		slots.releasePeer("10.0.0.8");
		assertThat(slots.openFrom("10.0.0.8")).isZero();
	}

	@Test
	void theTotalIsOneLimitForAll() {
		ConnectionSlots slots = new ConnectionSlots(2, 100);
		assertThat(slots.claimTotal()).isTrue();
		assertThat(slots.claimTotal()).isTrue();
		assertThat(slots.claimTotal()).isFalse();
		slots.releaseTotal();
		assertThat(slots.claimTotal()).isTrue();
	}

	@Test
	void anIpv6ClientCountsByItsSlash64AndAnIpv4ClientByItsAddress() {
		assertThat(ConnectionSlots.peerKey("2001:db8:1:2:aaaa::1")).isEqualTo("2001:db8:1:2::/64");
		assertThat(ConnectionSlots.peerKey("2001:db8:1:2:bbbb::9")).isEqualTo("2001:db8:1:2::/64");
		assertThat(ConnectionSlots.peerKey("2001:db8:1:3::1")).isEqualTo("2001:db8:1:3::/64");
		assertThat(ConnectionSlots.peerKey("203.0.113.7")).isEqualTo("203.0.113.7");
		assertThat(ConnectionSlots.peerKey(new InetSocketAddress("127.0.0.1", 5000))).isEqualTo("127.0.0.1");
		assertThat(ConnectionSlots.peerKey("unix")).isNull();
	}

}
