package dev.upcase.server.udp;

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
	DatagramEndpoint udpEndpoint(UdpProperties properties) {
		return new DatagramEndpoint(properties);
	}

	@Bean
	DatagramGateway udpInboundGateway(UdpProperties properties, DatagramEndpoint udpEndpoint,
			EventLoops upcaseEventLoops, MeterRegistry registry) {
		UdpBindCheck.verify(properties.host(), properties.port());
		RecentPeers peers = new RecentPeers(RecentPeers.LIMIT, RecentPeers.WINDOW);
		return new DatagramGateway(properties, udpEndpoint, upcaseEventLoops, new DatagramMetrics(registry, peers),
				peers);
	}

}
