package dev.upcase.cli;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.dsl.TcpNetClientConnectionFactorySpec;
import org.springframework.integration.ip.tcp.connection.AbstractClientConnectionFactory;

/**
 * The client's Spring context for pipe mode in a framing that marks where each message ends: requests go out
 * without waiting for replies, on one connection, through collaborating channel adapters:
 * <pre>
 *  RequestSender.send(line) ──▶ TCP outbound channel adapter ──▶ ┐
 *                                                                 one connection (the server replies in order)
 *  PipelinedPipeSession.replied(reply) ◀── TCP inbound channel adapter ◀── ┘
 * </pre>
 * An outbound gateway would wait a round trip per line; this way the lines stream and the replies stream back.
 */
@Configuration(proxyBeanMethods = false)
@EnableIntegration
class PipelineConfiguration {

	@Bean
	TcpNetClientConnectionFactorySpec upcasePipelineConnection(ClientSettings settings) {
		return ClientConnections.factory(settings)
			.singleUseConnections(false) // one connection, shared by both adapters
			.soTimeout(0); // a reader may pause between lines; PipelinedPipeSession times the replies it waits for
	}

	@Bean
	IntegrationFlow upcasePipelineRequests(AbstractClientConnectionFactory upcasePipelineConnection) {
		return IntegrationFlow.from(RequestSender.class).handle(Tcp.outboundAdapter(upcasePipelineConnection)).get();
	}

	@Bean
	PipelinedPipeSession pipelinedPipeSession(RequestSender requestSender,
			AbstractClientConnectionFactory upcasePipelineConnection, ClientSettings settings) {
		return new PipelinedPipeSession(requestSender, upcasePipelineConnection, settings.timeout());
	}

	@Bean
	IntegrationFlow upcasePipelineReplies(AbstractClientConnectionFactory upcasePipelineConnection,
			PipelinedPipeSession pipelinedPipeSession) {
		return IntegrationFlow.from(Tcp.inboundAdapter(upcasePipelineConnection))
			.handle(byte[].class, (reply, headers) -> {
				pipelinedPipeSession.replied(reply);
				return null;
			})
			.get();
	}

	/** The request side of pipe mode: one line out, no reply awaited here. */
	interface RequestSender {

		void send(byte[] request);

	}

}
