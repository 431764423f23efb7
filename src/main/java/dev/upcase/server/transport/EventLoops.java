package dev.upcase.server.transport;

import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * The threads every endpoint runs on: one that accepts connections, and {@code upcase.tcp.event-loop-threads} that
 * serve them and the datagrams (each connection stays on one of them for life, so its requests are answered in
 * order without a lock). Accepting on a thread of its own keeps a burst of connects from waiting behind busy
 * connections. Native epoll on Linux, NIO elsewhere; the channel types below match the loops.
 */
public final class EventLoops {

	private final EventLoopGroup acceptor;

	private final EventLoopGroup workers;

	private final boolean epoll;

	private EventLoops(EventLoopGroup acceptor, EventLoopGroup workers, boolean epoll) {
		this.acceptor = acceptor;
		this.workers = workers;
		this.epoll = epoll;
	}

	public static EventLoops create(int threads) {
		boolean epoll = Epoll.isAvailable();
		IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		return new EventLoops(new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("upcase-accept", true), io),
				new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("upcase-io", true), io), epoll);
	}

	/** @return the group that accepts connections (one thread) */
	public EventLoopGroup acceptor() {
		return this.acceptor;
	}

	/** @return the group that serves connections and datagrams */
	public EventLoopGroup workers() {
		return this.workers;
	}

	/** @return {@code epoll} or {@code nio}, as health shows it */
	public String transport() {
		return this.epoll ? "epoll" : "nio";
	}

	public Class<? extends ServerChannel> serverSocketChannel() {
		return this.epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
	}

	/** NIO's needs a JDK with Unix-domain socket channels (16+) and an operating system that has them. */
	public Class<? extends ServerChannel> serverDomainSocketChannel() {
		return this.epoll ? EpollServerDomainSocketChannel.class : NioServerDomainSocketChannel.class;
	}

	/** @return the address a Unix-domain server channel of these loops binds to */
	public SocketAddress domainSocketAddress(Path path) {
		return this.epoll ? new DomainSocketAddress(path.toString()) : UnixDomainSocketAddress.of(path);
	}

	public Class<? extends Channel> datagramChannel() {
		return this.epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
	}

	/**
	 * Where to bind the UDP endpoint's sockets, one per loop, all on one port: with epoll every worker loop
	 * ({@code SO_REUSEPORT}, see {@link #reusePort(Bootstrap)}: a datagram socket is read by one thread, so one
	 * socket would leave the other cores idle), with NIO the first only.
	 */
	public List<EventLoop> datagramLoops() {
		List<EventLoop> loops = new ArrayList<>();
		for (EventExecutor loop : this.workers) {
			loops.add((EventLoop) loop);
		}
		return this.epoll ? loops : loops.subList(0, 1);
	}

	/**
	 * Lets several sockets bind one UDP port ({@code SO_REUSEPORT}, epoll only): the kernel hands each sender's
	 * datagrams to one of them by the sender's address and port, so one sender's datagrams always reach the same
	 * socket, in order. Another process can join the port only with the same option and user, and the start's
	 * bind check (a plain socket) sees the port taken.
	 * @return the bootstrap, for chaining
	 */
	public Bootstrap reusePort(Bootstrap bootstrap) {
		return this.epoll ? bootstrap.option(EpollChannelOption.SO_REUSEPORT, true) : bootstrap;
	}

	/**
	 * Runs a no-op on every loop: a loop that cannot run it in time is stuck in a task or dead, and serves none of
	 * its connections.
	 * @return the name of the first event loop that did not run a no-op task within the timeout, or {@code null}
	 * when all did
	 */
	public @Nullable String unresponsive(Duration timeout) {
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

	/** Stops the loops: after every endpoint has closed its channels (the bean's destroy method). */
	public void shutdown() {
		Future<?> acceptorDone = this.acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS);
		Future<?> workersDone = this.workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
		acceptorDone.awaitUninterruptibly(5, TimeUnit.SECONDS);
		workersDone.awaitUninterruptibly(5, TimeUnit.SECONDS);
	}

}
