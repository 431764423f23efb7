package dev.upcase.server.tcp;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * The threads of the TCP endpoint: one that accepts, and {@code upcase.tcp.event-loop-threads} that serve the
 * connections (each connection stays on one of them for life, so its requests are answered in order without a
 * lock). Accepting on a thread of its own keeps a burst of connects from waiting behind busy connections. Native
 * epoll on Linux, NIO elsewhere.
 */
record EventLoops(EventLoopGroup acceptor, EventLoopGroup workers, Class<? extends ServerChannel> serverChannelType,
		String transport) {

	static EventLoops create(int threads) {
		boolean epoll = Epoll.isAvailable();
		IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		return new EventLoops(
				new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("upcase-accept", true), io),
				new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("upcase-io", true), io),
				epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class, epoll ? "epoll" : "nio");
	}

	/**
	 * @return the name of the first event loop that did not run a no-op task within the timeout (stuck in a task,
	 * or dead), or {@code null} when all did
	 */
	@Nullable String unresponsive(Duration timeout) {
		for (EventLoopGroup group : new EventLoopGroup[] { this.acceptor, this.workers }) {
			for (EventExecutor loop : group) {
				if (loop.isShutdown()) {
					return loop + " (shut down)";
				}
				Future<?> ping = loop.submit(() -> {
				});
				if (!ping.awaitUninterruptibly(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					return loop.toString();
				}
			}
		}
		return null;
	}

	void shutdown() {
		Future<?> acceptorDone = this.acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS);
		Future<?> workersDone = this.workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
		acceptorDone.awaitUninterruptibly(5, TimeUnit.SECONDS);
		workersDone.awaitUninterruptibly(5, TimeUnit.SECONDS);
	}

}
