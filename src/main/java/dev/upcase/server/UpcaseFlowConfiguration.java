package dev.upcase.server;

import dev.upcase.server.metrics.FlowMetricsAdvice;
import dev.upcase.server.tcp.NettyServerConnectionFactory;
import dev.upcase.server.tcp.TcpProperties;
import dev.upcase.transform.UppercaseTransformer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.integration.transformer.Transformer;
import org.springframework.util.IdGenerator;
import org.springframework.util.SimpleIdGenerator;

/**
 * The whole message flow, in one place:
 * <pre>
 *  TCP client ──bytes──▶ inbound gateway ──byte[]──▶ uppercase transformer ──byte[]──▶ reply on the same connection
 *                                                      (+ metrics advice)
 * </pre>
 * Framing (where one message ends) belongs to the connection factory ({@code dev.upcase.server.tcp}); the flow only
 * ever sees whole messages.
 */
@Configuration(proxyBeanMethods = false)
class UpcaseFlowConfiguration {

	@Bean
	UppercaseTransformer uppercaseTransformer(TcpProperties properties) {
		return new UppercaseTransformer(properties.charset());
	}

	@Bean
	IntegrationFlow upcaseFlow(NettyServerConnectionFactory upcaseServerConnectionFactory,
			UppercaseTransformer uppercaseTransformer, FlowMetricsAdvice flowMetricsAdvice) {
		return IntegrationFlow.from(Tcp.inboundGateway(upcaseServerConnectionFactory))
				.transformWith(transform -> transform
						.transformer(uppercase(uppercaseTransformer))
						.advice(flowMetricsAdvice))
				.get();
	}

	/**
	 * The transformer as Spring Integration's own {@link Transformer} (message in, message out): called directly,
	 * with no reflective method invocation per message, and the reply carries no copy of the request's headers —
	 * the gateway answers on the request's connection by the request's reply channel.
	 */
	private static Transformer uppercase(UppercaseTransformer uppercase) {
		return request -> MessageBuilder.withPayload(uppercase.transform((byte[]) request.getPayload())).build();
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
