package dev.upcase.server.udp;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentPeersTest {

	@Test
	void countsEachSenderOnceByAddressAndPort() {
		RecentPeers peers = new RecentPeers(100, Duration.ofMinutes(1));
		peers.seen(new InetSocketAddress("127.0.0.1", 5000));
		peers.seen(new InetSocketAddress("127.0.0.1", 5000));
		peers.seen(new InetSocketAddress("127.0.0.1", 5001));
		peers.seen(new InetSocketAddress("10.0.0.1", 5000));
		assertThat(peers.count()).isEqualTo(3);
	}

	@Test
	void remembersNoMoreThanTheLimit() {
		RecentPeers peers = new RecentPeers(10, Duration.ofMinutes(1));
		for (int port = 1; port <= 1000; port++) {
			peers.seen(new InetSocketAddress("127.0.0.1", port));
		}
		assertThat(peers.count()).isEqualTo(10);
	}

	@Test
	void forgetsSendersNotSeenWithinTheWindowAndKeepsThoseSeenAgain() {
		RecentPeers peers = new RecentPeers(100, Duration.ofMillis(300));
		InetSocketAddress quiet = new InetSocketAddress("127.0.0.1", 5000);
		InetSocketAddress busy = new InetSocketAddress("127.0.0.1", 5001);
		peers.seen(quiet);
		peers.seen(busy);
		assertThat(peers.count()).isEqualTo(2);
		Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
			peers.seen(busy);
			return peers.count() == 1;
		});
		// once forgotten, a sender makes room for a new one
		peers.seen(quiet);
		assertThat(peers.count()).isEqualTo(2);
	}

}
