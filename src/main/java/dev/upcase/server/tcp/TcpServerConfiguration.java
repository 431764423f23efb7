package dev.upcase.server.tcp;

import java.net.ServerSocket;
import java.util.List;

import dev.upcase.server.transport.BindCheck;
import dev.upcase.server.transport.EventLoops;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The stream endpoints behind the flow's inbound gateway — {@code tcp} (or {@code tls} when
 * {@code upcase.tcp.ssl.bundle} is set) and, with {@code upcase.unix.path}, {@code unix} — the Netty connection
 * factory that listens for all of them and feeds the gateway, and the request-byte budget they share.
 */
@Configuration(proxyBeanMethods = false)
class TcpServerConfiguration {

	/** All stream endpoints together hold at most {@code upcase.tcp.max-buffered-bytes} of unfinished requests. */
	@Bean
	RequestBudget upcaseRequestBudget(TcpProperties properties) {
		return new RequestBudget(properties.requestBufferBudget());
	}

	@Bean
	StreamEndpoint tcpEndpoint(TcpProperties properties, RequestBudget upcaseRequestBudget,
			ObjectProvider<SslBundles> sslBundles, ApplicationEventPublisher publisher) {
		BindCheck.verify(properties.host(), properties.port(), address -> {
			try (ServerSocket probe = new ServerSocket()) {
				probe.setReuseAddress(true); // as the endpoint binds: a port in TIME_WAIT is free
				probe.bind(address, 1);
			}
		}, "listen", "Stop whatever holds that address, or choose another with upcase.tcp.host / upcase.tcp.port "
				+ "(--upcase.tcp.port=0 picks any free port).");
		TlsContext tls = properties.ssl().enabled() ? new TlsContext(sslBundles.getObject(), properties.ssl()) : null;
		return new StreamEndpoint(tls != null ? "tls" : "tcp", new InetListener(properties.host(), properties.port(), tls),
				properties, properties.proxyProtocol(), upcaseRequestBudget, publisher);
	}

	@Bean
	@ConditionalOnExpression("!'${upcase.unix.path:}'.isBlank()")
	StreamEndpoint unixEndpoint(UnixSocketProperties unix, TcpProperties properties, RequestBudget upcaseRequestBudget,
			ApplicationEventPublisher publisher) {
		return new StreamEndpoint("unix", new UnixListener(unix), properties, unix.proxyProtocol(), upcaseRequestBudget,
				publisher);
	}

	@Bean
	NettyServerConnectionFactory upcaseServerConnectionFactory(TcpProperties properties,
			List<StreamEndpoint> endpoints, EventLoops upcaseEventLoops) {
		NettyServerConnectionFactory factory = new NettyServerConnectionFactory(properties, endpoints,
				upcaseEventLoops);
		factory.setMapper(new FrameMessageMapper());
		return factory;
	}

	/** How much of {@code upcase.tcp.max-buffered-bytes} the connections hold now, and the budget itself. */
	@Bean
	MeterBinder requestBufferMetrics(RequestBudget upcaseRequestBudget) {
		return registry -> {
			Gauge.builder("upcase.requests.buffered", upcaseRequestBudget, RequestBudget::used)
				.description("request bytes held by all connections while their messages arrive")
				.baseUnit("bytes")
				.register(registry);
			Gauge.builder("upcase.requests.buffered.limit", upcaseRequestBudget, RequestBudget::limit)
				.description("upcase.tcp.max-buffered-bytes: over it, connections stop reading until bytes are released")
				.baseUnit("bytes")
				.register(registry);
		};
	}

}
