package dev.upcase.server.transport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.upcase.server.endpoint.Endpoint;
import dev.upcase.server.tcp.TcpProperties;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The event loops every endpoint shares, their graceful shutdown, and the health of each endpoint. */
@Configuration(proxyBeanMethods = false)
class TransportConfiguration {

	/** Shut down after the endpoints have stopped: the context destroys beans after it stops their lifecycles. */
	@Bean(destroyMethod = "shutdown")
	EventLoops upcaseEventLoops(TcpProperties tcp) {
		return EventLoops.create(tcp.eventLoopThreadCount());
	}

	@Bean
	GracefulShutdown upcaseGracefulShutdown(List<Endpoint> endpoints, TcpProperties tcp) {
		return new GracefulShutdown(endpoints, tcp.shutdownGrace(), tcp.lameDuck());
	}

	/** {@code /actuator/health/endpoints/{name}}: one indicator per endpoint (tcp or tls, unix, udp). */
	@Bean
	CompositeHealthContributor endpointsHealthContributor(List<Endpoint> endpoints, EventLoops upcaseEventLoops) {
		Map<String, EndpointHealth> byName = new LinkedHashMap<>();
		endpoints.forEach(endpoint -> byName.put(endpoint.name(), new EndpointHealth(endpoint, upcaseEventLoops)));
		return CompositeHealthContributor.fromMap(byName);
	}

}
