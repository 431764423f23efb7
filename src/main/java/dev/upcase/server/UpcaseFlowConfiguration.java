package dev.upcase.server;

import dev.upcase.server.metrics.FlowMetricsAdvice;
import dev.upcase.server.tcp.TcpProperties;
import dev.upcase.transform.UppercaseTransformer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

/**
 * The whole message flow, in one place:
 * <pre>
 *  TCP client ──bytes──▶ inbound gateway ──byte[]──▶ uppercase transformer ──byte[]──▶ reply on the same connection
 *                                                      (+ metrics advice)
 * </pre>
 * Framing (where one message ends) belongs to the connection factory ({@code dev.upcase.server.tcp}); the flow only ever
 * sees whole messages.
 */
@Configuration(proxyBeanMethods = false)
class UpcaseFlowConfiguration {

	@Bean
	UppercaseTransformer uppercaseTransformer(TcpProperties properties) {
		return new UppercaseTransformer(properties.charset());
	}

	@Bean
	IntegrationFlow upcaseFlow(AbstractServerConnectionFactory upcaseServerConnectionFactory,
			UppercaseTransformer uppercaseTransformer, FlowMetricsAdvice flowMetricsAdvice) {
		return IntegrationFlow.from(Tcp.inboundGateway(upcaseServerConnectionFactory))
				.transformWith(transform -> transform
						.expectedType(byte[].class)
						.transformer(uppercaseTransformer)
						.advice(flowMetricsAdvice))
				.get();
	}

}
