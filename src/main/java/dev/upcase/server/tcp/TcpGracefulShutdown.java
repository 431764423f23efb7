package dev.upcase.server.tcp;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

/**
 * Stops the TCP endpoint the way {@code server.shutdown=graceful} stops a web server. By the time it runs,
 * readiness is already DOWN (the health indicator follows the context closing). Then:
 * <ol>
 * <li>new connections are refused;</li>
 * <li>each open connection is closed as soon as nothing is under way on it — no request being decoded, in the
 * flow, or with its reply unsent — so that every request the server has received is answered;</li>
 * <li>connections still busy when {@code upcase.tcp.shutdown-grace} ends are closed anyway.</li>
 * </ol>
 * It runs before Spring Integration stops the gateway and its factory (which would close every connection at
 * once), in the same phase as the web server's graceful shutdown. The admin API's drain runs steps 2 and 3 without
 * stopping the process ({@link #drainInBackground()}; new clients are refused by {@link ServerConnectionSupport}
 * then).
 */
final class TcpGracefulShutdown implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TcpGracefulShutdown.class);

	private final AbstractServerConnectionFactory factory;

	private final ConnectionRegistry connections;

	private final Duration grace;

	private volatile boolean running;

	TcpGracefulShutdown(AbstractServerConnectionFactory factory, ConnectionRegistry connections, Duration grace) {
		this.factory = factory;
		this.connections = connections;
		this.grace = grace;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		drain();
	}

	@Override
	public void stop(Runnable callback) {
		Thread drainer = new Thread(() -> {
			try {
				drain();
			}
			finally {
				callback.run();
			}
		}, "upcase-tcp-drain");
		drainer.start();
	}

	private void drain() {
		this.running = false;
		this.factory.beforeShutdown(); // accepted sockets are closed from now on
		closeWhenQuiet("Stopping");
	}

	/** Closes every open connection once its requests are answered, on a thread of its own; the process goes on. */
	void drainInBackground() {
		Thread drainer = new Thread(() -> closeWhenQuiet("Draining"), "upcase-tcp-drain");
		drainer.setDaemon(true);
		drainer.start();
	}

	private void closeWhenQuiet(String why) {
		int open = this.connections.count();
		if (open == 0) {
			return;
		}
		log.info("{}: {} connection(s) open; each is closed once its requests are answered (at most {})", why, open,
				this.grace);
		long deadline = System.nanoTime() + this.grace.toNanos();
		while (this.connections.count() > 0 && System.nanoTime() - deadline < 0) {
			this.connections.connections().forEach(ServerConnection::closeIfQuiet);
			sleep(20);
		}
		int left = this.connections.count();
		if (left > 0) {
			log.warn("{}: the grace of {} is over, closing {} connection(s) still busy", why, this.grace, left);
			this.connections.connections().forEach(ServerConnection::close);
		}
	}

	private static void sleep(long millis) {
		try {
			TimeUnit.MILLISECONDS.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** With the web server's graceful shutdown: before Spring Integration's endpoints stop. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

}
