package dev.upcase.client;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.tcp.connection.AbstractClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.ThreadAffinityClientConnectionFactory;
import org.springframework.integration.ip.tcp.outbound.TcpOutboundGateway;

/**
 * The client's Spring context. Its flow is the request/reply path of the one-shot and interactive modes, of pipe
 * mode in raw framing, and of bench without {@code --pipeline}:
 * <pre>
 *  UpcaseClient.exchange(bytes) ──▶ gateway proxy ──▶ TCP outbound gateway ──▶ connection of the calling thread
 *                     reply ◀────────────────────────────────────────────────◀── one framed reply
 * </pre>
 * A TCP outbound gateway handles one request at a time per connection, and two threads sharing one connection
 * get each other's replies ("Cannot correlate response", spring-integration#8599). So every calling thread gets a
 * connection of its own ({@link ThreadAffinityClientConnectionFactory}): a session uses one thread and so one
 * connection for all its requests, and each bench worker has its own.
 * <p>
 * Streamed pipe mode and {@code bench --pipeline} add flows of their own at run time ({@link PipelinedConnection}).
 */
@Configuration(proxyBeanMethods = false)
@EnableIntegration
class ClientConfiguration {

	/** Opens a new connection each time it is asked; the thread-affinity factory asks once per thread. */
	@Bean
	AbstractClientConnectionFactory upcaseClientConnections(ClientSettings settings) {
		return ClientConnections.factory(settings, true, true);
	}

	@Bean
	ThreadAffinityClientConnectionFactory upcaseClientConnectionFactory(
			AbstractClientConnectionFactory upcaseClientConnections) {
		ThreadAffinityClientConnectionFactory factory = new ThreadAffinityClientConnectionFactory(
				upcaseClientConnections);
		// Single-use as the outbound gateway sees it: no gateway-wide lock around each request (which would let
		// one request at a time through, whatever the number of threads), and its close after each reply is a
		// no-op on a thread's connection.
		factory.setSingleUse(true);
		return factory;
	}

	@Bean
	IntegrationFlow upcaseClientFlow(ThreadAffinityClientConnectionFactory upcaseClientConnectionFactory,
			ClientSettings settings) {
		TcpOutboundGateway gateway = new TcpOutboundGateway();
		gateway.setConnectionFactory(upcaseClientConnectionFactory);
		gateway.setRemoteTimeout(settings.timeout().toMillis());
		// A NET connection delivers a reply and a later close in order, on one thread: there is no race between
		// them to wait out before reporting the close.
		gateway.setSecondChanceDelay(0);
		return IntegrationFlow.from(UpcaseClient.class).handle(gateway).get();
	}

	@Bean
	ExchangeClient exchangeClient(UpcaseClient upcaseClient,
			ThreadAffinityClientConnectionFactory upcaseClientConnectionFactory, ClientSettings settings) {
		return new ExchangeClient(upcaseClient, upcaseClientConnectionFactory, settings.framing());
	}

}
