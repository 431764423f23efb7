package dev.upcase.server;

import dev.upcase.server.endpoint.Endpoint;
import dev.upcase.server.metrics.MeteredTransform;
import dev.upcase.server.tcp.NettyServerConnectionFactory;
import dev.upcase.server.tcp.TcpProperties;
import dev.upcase.transform.UppercaseTransformer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.dsl.TcpInboundGatewaySpec;
import org.springframework.util.IdGenerator;
import org.springframework.util.SimpleIdGenerator;

/**
 * The whole message flow, in one place:
 * <pre>
 *  TCP / TLS / Unix-socket client ──▶ TCP inbound gateway ──┐
 *                                                          ├─▶ upcaseRequests ──▶ uppercase transformer ──▶ reply to
 *  UDP datagram ────────────────────▶ datagram gateway ────┘                       (metered)            the sender
 * </pre>
 * Framing (where one message ends) belongs to the connection factory ({@code dev.upcase.server.tcp}); the flow only
 * ever sees whole messages. Each gateway sends straight into {@link Endpoint#REQUESTS_CHANNEL} (no bridge between
 * a gateway's own channel and the flow's: one hop per message fewer) and gets the reply back on its temporary reply
 * channel. The transformer is Spring Integration's own {@code Transformer} (message in, message out), called
 * directly: no reflective method invocation per message, and no copy of the request's headers.
 */
@Configuration(proxyBeanMethods = false)
class UpcaseFlowConfiguration {

	@Bean
	UppercaseTransformer uppercaseTransformer(TcpProperties properties) {
		return new UppercaseTransformer(properties.charset());
	}

	@Bean
	IntegrationFlow upcaseFlow(UppercaseTransformer uppercaseTransformer, MeteredTransform metered) {
		return IntegrationFlow.from(Endpoint.REQUESTS_CHANNEL)
				.transformWith(transform -> transform.transformer(metered.of(uppercaseTransformer::transform)))
				.get();
	}

	/** The stream endpoints' gateway: every TCP, TLS and Unix-socket connection's requests enter the flow here. */
	@Bean
	TcpInboundGatewaySpec upcaseStreamGateway(NettyServerConnectionFactory upcaseServerConnectionFactory) {
		return Tcp.inboundGateway(upcaseServerConnectionFactory).requestChannel(Endpoint.REQUESTS_CHANNEL);
	}

	/**
	 * Message ids from a counter instead of random UUIDs: every message gets an id, and {@code SecureRandom} per
	 * message was measurable on the event loop (docs/performance.md). Unique within the process, which is all the
	 * flow needs.
	 */
	@Bean
	IdGenerator upcaseMessageIdGenerator() {
		return new SimpleIdGenerator();
	}

}
