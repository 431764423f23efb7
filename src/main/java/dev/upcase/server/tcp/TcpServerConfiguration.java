package dev.upcase.server.tcp;

import dev.upcase.server.transport.EventLoops;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The TCP endpoint behind the flow's inbound gateway: the {@link TcpEndpoint} operators see and steer, the Netty
 * connection factory that feeds the gateway, and the request-byte budget's gauges.
 */
@Configuration(proxyBeanMethods = false)
class TcpServerConfiguration {

	@Bean
	TcpEndpoint tcpEndpoint(TcpProperties properties, ApplicationEventPublisher publisher) {
		return new TcpEndpoint(properties, publisher);
	}

	@Bean
	NettyServerConnectionFactory upcaseServerConnectionFactory(TcpProperties properties, TcpEndpoint tcpEndpoint,
			EventLoops upcaseEventLoops) {
		TcpBindCheck.verify(properties.host(), properties.port());
		NettyServerConnectionFactory factory = new NettyServerConnectionFactory(properties, tcpEndpoint,
				upcaseEventLoops);
		factory.setMapper(new FrameMessageMapper());
		return factory;
	}

	/** How much of {@code upcase.tcp.max-buffered-bytes} the connections hold now, and the budget itself. */
	@Bean
	MeterBinder requestBufferMetrics(TcpEndpoint tcpEndpoint) {
		RequestBudget budget = tcpEndpoint.budget();
		return registry -> {
			Gauge.builder("upcase.requests.buffered", budget, RequestBudget::used)
				.description("request bytes held by all connections while their messages arrive")
				.baseUnit("bytes")
				.register(registry);
			Gauge.builder("upcase.requests.buffered.limit", budget, RequestBudget::limit)
				.description("upcase.tcp.max-buffered-bytes: over it, connections stop reading until bytes are released")
				.baseUnit("bytes")
				.register(registry);
		};
	}

}
