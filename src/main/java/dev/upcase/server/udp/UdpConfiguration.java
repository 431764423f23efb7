package dev.upcase.server.udp;

import java.net.DatagramSocket;

import dev.upcase.server.endpoint.LameDuck;
import dev.upcase.server.tcp.TcpProperties;
import dev.upcase.server.transport.BindCheck;
import dev.upcase.server.transport.EventLoops;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The UDP endpoint, when {@code upcase.udp.enabled=true}: the {@link DatagramEndpoint} operators see (health, the
 * listeners API and the graceful shutdown find it as an {@code Endpoint} bean), and the gateway that binds the
 * socket and feeds the one flow.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("upcase.udp.enabled")
class UdpConfiguration {

	@Bean
	DatagramEndpoint udpEndpoint(UdpProperties properties, TcpProperties tcp) {
		return new DatagramEndpoint(properties, new LameDuck(tcp.lameDuck()));
	}

	@Bean
	DatagramGateway udpInboundGateway(UdpProperties properties, DatagramEndpoint udpEndpoint,
			EventLoops upcaseEventLoops, MeterRegistry registry) {
		// no SO_REUSEADDR on the probe: for UDP it would let it share a port another socket holds
		BindCheck.verify(properties.host(), properties.port(), address -> {
			try (DatagramSocket probe = new DatagramSocket(null)) {
				probe.bind(address);
			}
		}, "listen for UDP datagrams", "Stop whatever holds that UDP port, or choose another with upcase.udp.host / "
				+ "upcase.udp.port (--upcase.udp.port=0 picks any free port; UDP and TCP ports are apart, so the same "
				+ "number as upcase.tcp.port is fine).");
		RecentPeers peers = new RecentPeers(RecentPeers.LIMIT, RecentPeers.WINDOW);
		SourceRateLimit rateLimit = new SourceRateLimit(properties.perSourceRate(), properties.perSourceBurst(),
				properties.maxSources(), System.nanoTime());
		return new DatagramGateway(properties, udpEndpoint, upcaseEventLoops,
				new DatagramMetrics(registry, peers, rateLimit), peers, new SourceCheck(SourceCheck::interfaceAddresses),
				rateLimit);
	}

}
