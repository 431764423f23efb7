package dev.upcase.server.udp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SourceCheckTest {

	@Test
	void boundToOneAddressOnlyThatAddressAndPortIsItself() throws Exception {
		SourceCheck check = new SourceCheck(Set::of);
		check.boundTo(new InetSocketAddress("127.0.0.1", 8000));
		assertThat(check.refusal(address("127.0.0.1"), 8000)).isEqualTo(DropReason.LOOP);
		assertThat(check.refusal(address("::ffff:127.0.0.1"), 8000)).as("IPv4-mapped").isEqualTo(DropReason.LOOP);
		assertThat(check.refusal(address("127.0.0.1"), 40000)).isNull();
		assertThat(check.refusal(address("127.0.0.2"), 8000)).as("another address: nothing of ours there").isNull();
		assertThat(check.refusal(address("192.0.2.7"), 8000)).isNull();
	}

	@Test
	void boundToEveryInterfaceAnyAddressOfThisHostIsItself() throws Exception {
		AtomicReference<Set<InetAddress>> host = new AtomicReference<>(Set.of(address("192.0.2.2"),
				address("fe80::1")));
		SourceCheck check = new SourceCheck(host::get);
		check.boundTo(new InetSocketAddress(address("::"), 8000));
		assertThat(check.refusal(address("192.0.2.2"), 8000)).isEqualTo(DropReason.LOOP);
		assertThat(check.refusal(address("::ffff:192.0.2.2"), 8000)).isEqualTo(DropReason.LOOP);
		assertThat(check.refusal(address("fe80::1%1"), 8000)).as("a link-local address, with its scope")
			.isEqualTo(DropReason.LOOP);
		assertThat(check.refusal(address("127.0.0.9"), 8000)).as("the loopback range").isEqualTo(DropReason.LOOP);
		assertThat(check.refusal(address("::1"), 8000)).isEqualTo(DropReason.LOOP);
		assertThat(check.refusal(address("192.0.2.3"), 8000)).as("another host on the network").isNull();
		assertThat(check.refusal(address("192.0.2.2"), 8001)).isNull();

		host.set(Set.of(address("192.0.2.3"))); // the interface's address changed
		check.refresh();
		assertThat(check.refusal(address("192.0.2.3"), 8000)).isEqualTo(DropReason.LOOP);
		assertThat(check.refusal(address("192.0.2.2"), 8000)).isNull();
	}

	@Test
	void privilegedPortsAndTheUnspecifiedAddressAreNeverAnswered() throws Exception {
		SourceCheck check = new SourceCheck(Set::of);
		check.boundTo(new InetSocketAddress("127.0.0.1", 8000));
		for (int port : new int[] { 0, 7, 19, 53, 123, 1023 }) {
			assertThat(check.refusal(address("192.0.2.7"), port)).as("port %d", port)
				.isEqualTo(DropReason.PRIVILEGED_PORT);
		}
		assertThat(check.refusal(address("192.0.2.7"), 1024)).isNull();
		assertThat(check.refusal(address("0.0.0.0"), 40000)).isEqualTo(DropReason.LOOP);
		assertThat(check.refusal(address("::"), 40000)).isEqualTo(DropReason.LOOP);
	}

	@Test
	void nothingIsAnsweredBeforeTheSocketIsBound() throws Exception {
		assertThat(new SourceCheck(Set::of).refusal(address("192.0.2.7"), 40000)).isEqualTo(DropReason.LOOP);
	}

	@Test
	void thisHostsAddressesIncludeTheLoopback() {
		assertThat(SourceCheck.interfaceAddresses()).contains(InetAddress.getLoopbackAddress());
	}

	private static InetAddress address(String literal) throws Exception {
		return SourceCheck.normalize(InetAddress.getByName(literal));
	}

}
