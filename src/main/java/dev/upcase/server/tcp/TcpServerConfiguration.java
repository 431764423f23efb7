package dev.upcase.server.tcp;

import java.time.Duration;

import dev.upcase.framing.FrameCodec;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.dsl.TcpNioServerConnectionFactorySpec;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.util.CompositeExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The TCP server behind the flow's inbound gateway: a NIO connection factory (one selector thread for every
 * connection, so ten thousand idle clients cost no threads) with the framing, limits and executors from
 * {@link TcpProperties}.
 */
@Configuration(proxyBeanMethods = false)
class TcpServerConfiguration {

	/**
	 * The selector thread, for the life of the server. Reads, decoding, the flow and the reply write all run on
	 * it ({@link SelectorThreadReads}, {@link SerialExecutor#runHere}): measured faster than handing each read to a
	 * pool (docs/performance.md), and safe because none of it waits.
	 */
	@Bean
	ThreadPoolTaskExecutor upcaseIoExecutor() {
		return pool("upcase-io-", 1);
	}

	/** The few connection tasks that do not start from a read (e.g. the last message when a client ends). */
	@Bean
	ThreadPoolTaskExecutor upcaseWorkerExecutor(TcpProperties properties) {
		return pool("upcase-worker-", properties.workerThreads());
	}

	private static ThreadPoolTaskExecutor pool(String prefix, int threads) {
		ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
		pool.setThreadNamePrefix(prefix);
		pool.setCorePoolSize(threads);
		pool.setMaxPoolSize(threads);
		pool.setAllowCoreThreadTimeOut(true); // an idle server gives its threads back
		return pool;
	}

	@Bean
	ReplyWriter upcaseReplyWriter(TcpProperties properties) {
		return new ReplyWriter(properties.writeTimeout().toMillis());
	}

	@Bean
	ServerLifecycleState upcaseServerState() {
		return new ServerLifecycleState();
	}

	@Bean
	TcpNioServerConnectionFactorySpec upcaseServerConnectionFactory(TcpProperties properties,
			ThreadPoolTaskExecutor upcaseIoExecutor, ThreadPoolTaskExecutor upcaseWorkerExecutor,
			ReplyWriter upcaseReplyWriter, ServerLifecycleState upcaseServerState, ConnectionRegistry connections) {
		TcpBindCheck.verify(properties.host(), properties.port());
		FrameCodec codec = properties.framing().codec(properties.maxMessageBytesAsInt(), properties.charset());
		var settings = new ServerConnectionSupport.Settings(upcaseWorkerExecutor, upcaseReplyWriter,
				codec, (int) properties.readBufferBytes().toBytes(), properties.maxUnsentBytes().toBytes(),
				properties.maxConnections(), human(properties.idleTimeout()), properties.framing().configName());
		return Tcp.nioServer(properties.port())
			.localAddress(properties.host())
			.backlog(properties.backlog())
			.serializer(codec)
			.deserializer(codec) // not called: ServerConnection decodes without blocking, see getPayload()
			.mapper(new FrameMessageMapper())
			.soTimeout((int) properties.idleTimeout().toMillis())
			.soTcpNoDelay(true) // one reply per request: do not wait to coalesce
			.lookupHost(false) // no reverse DNS per connection
			.taskExecutor(new CompositeExecutor(new SelectorThreadReads(upcaseIoExecutor), upcaseWorkerExecutor))
			.connectionSupport(new ServerConnectionSupport(settings, upcaseServerState, connections::count));
	}

	@Bean
	TcpGracefulShutdown upcaseGracefulShutdown(AbstractServerConnectionFactory upcaseServerConnectionFactory,
			ConnectionRegistry connections, TcpProperties properties) {
		return new TcpGracefulShutdown(upcaseServerConnectionFactory, connections, properties.shutdownGrace());
	}

	/** What the admin API, health and metrics see of this transport. */
	@Bean
	TcpEndpointAdapter upcaseTcpEndpoint(AbstractServerConnectionFactory upcaseServerConnectionFactory,
			TcpProperties properties, ConnectionRegistry connections, ServerLifecycleState upcaseServerState,
			TcpGracefulShutdown upcaseGracefulShutdown) {
		return new TcpEndpointAdapter(upcaseServerConnectionFactory, properties, connections, upcaseServerState,
				upcaseGracefulShutdown);
	}

	private static String human(Duration duration) {
		return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

}
