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
import org.springframework.util.IdGenerator;
import org.springframework.util.SimpleIdGenerator;

/**
 * The whole message flow, in one place:
 * <pre>
 *  TCP client ──bytes──▶ inbound gateway ──byte[]──▶ uppercase transformer ──byte[]──▶ reply on the same connection
 *                                                      (metered)
 * </pre>
 * Framing (where one message ends) belongs to the connection factory ({@code dev.upcase.server.tcp}); the flow only
 * ever sees whole messages. The transformer is Spring Integration's own {@code Transformer} (message in, message
 * out), called directly: no reflective method invocation per message, and no copy of the request's headers.
 */
@Configuration(proxyBeanMethods = false)
class UpcaseFlowConfiguration {

	@Bean
	UppercaseTransformer uppercaseTransformer(TcpProperties properties) {
		return new UppercaseTransformer(properties.charset());
	}

	@Bean
	IntegrationFlow upcaseFlow(NettyServerConnectionFactory upcaseServerConnectionFactory,
			UppercaseTransformer uppercaseTransformer, MeteredTransform metered) {
		return IntegrationFlow.from(Tcp.inboundGateway(upcaseServerConnectionFactory))
				.channel(Endpoint.REQUESTS_CHANNEL)
				.transformWith(transform -> transform.transformer(metered.of(uppercaseTransformer::transform)))
				.get();
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
