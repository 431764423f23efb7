package dev.upcase.server.udp;

import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code upcase.udp.*}, tagged {@code endpoint=udp}: what a datagram endpoint has instead of connection counts.
 * Every datagram received is counted in {@code datagrams.in}, and then either in {@code datagrams.out} (answered)
 * or in {@code datagrams.dropped} by reason. The flow's own meters ({@code upcase.messages.*}) count the datagrams
 * that reached it, with those of every other endpoint.
 */
final class DatagramMetrics {

	private static final String ENDPOINT = "udp";

	private final Counter datagramsIn;

	private final Counter bytesIn;

	private final Counter datagramsOut;

	private final Counter bytesOut;

	private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);

	private final RecentPeers peers;

	DatagramMetrics(MeterRegistry registry, RecentPeers peers, SourceRateLimit rateLimit) {
		this.peers = peers;
		this.datagramsIn = Counter.builder("upcase.udp.datagrams.in")
			.description("datagrams received, dropped ones included")
			.tag("endpoint", ENDPOINT)
			.register(registry);
		this.bytesIn = Counter.builder("upcase.udp.datagrams.in.bytes")
			.description("payload bytes received (of an oversize datagram: what was read, max-datagram-bytes + 1)")
			.baseUnit("bytes")
			.tag("endpoint", ENDPOINT)
			.register(registry);
		this.datagramsOut = Counter.builder("upcase.udp.datagrams.out")
			.description("replies sent")
			.tag("endpoint", ENDPOINT)
			.register(registry);
		this.bytesOut = Counter.builder("upcase.udp.datagrams.out.bytes")
			.description("payload bytes of the replies sent")
			.baseUnit("bytes")
			.tag("endpoint", ENDPOINT)
			.register(registry);
		for (DropReason reason : DropReason.values()) { // every reason from the start, so a rate() can see its first
			this.dropped.put(reason, Counter.builder("upcase.udp.datagrams.dropped")
				.description("datagrams not answered, by reason")
				.tag("endpoint", ENDPOINT)
				.tag("reason", reason.tag())
				.register(registry));
		}
		Gauge.builder("upcase.udp.peers", peers, RecentPeers::count)
			.description("distinct senders (address:port) in the last minute, at most " + RecentPeers.LIMIT)
			.tag("endpoint", ENDPOINT)
			.register(registry);
		Gauge.builder("upcase.udp.sources", rateLimit, SourceRateLimit::tracked)
			.description("source addresses the per-source reply limit tracks (at most upcase.udp.max-sources; "
					+ "there, new sources share one allowance)")
			.tag("endpoint", ENDPOINT)
			.register(registry);
	}

	void received(InetSocketAddress sender, int bytes) {
		this.datagramsIn.increment();
		this.bytesIn.increment(bytes);
		this.peers.seen(sender);
	}

	void sent(int bytes) {
		this.datagramsOut.increment();
		this.bytesOut.increment(bytes);
	}

	void dropped(DropReason reason) {
		this.dropped.get(reason).increment();
	}

}
