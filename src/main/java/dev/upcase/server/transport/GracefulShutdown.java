package dev.upcase.server.transport;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.upcase.server.endpoint.CloseReason;
import dev.upcase.server.endpoint.Endpoint;
import dev.upcase.server.endpoint.EndpointState;
import dev.upcase.server.endpoint.LiveConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Stops the endpoints the way {@code server.shutdown=graceful} stops a web server. By the time it runs, readiness
 * is already DOWN. Then every endpoint drains ({@link Endpoint#drain()}): first the lame duck — for
 * {@code upcase.tcp.lame-duck} new connections are still accepted and served, while load balancers notice readiness
 * DOWN — then new connections are refused, and each open connection closes once every request it sent — those
 * still in the kernel's buffers included — has been answered. Connections still busy when
 * {@code upcase.tcp.shutdown-grace} (counted from the end of the lame duck) ends are closed anyway.
 * <p>
 * It runs before Spring Integration stops the gateways and their factories (which would close every connection at
 * once), in the same phase as the web server's graceful shutdown.
 */
final class GracefulShutdown implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

	private final List<Endpoint> endpoints;

	private final Duration grace;

	private final Duration lameDuck;

	private volatile boolean running;

	GracefulShutdown(List<Endpoint> endpoints, Duration grace, Duration lameDuck) {
		this.endpoints = List.copyOf(endpoints);
		this.grace = grace;
		this.lameDuck = lameDuck;
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
		}, "upcase-drain");
		drainer.start();
	}

	private void drain() {
		this.running = false;
		this.endpoints.forEach(Endpoint::drain);
		// the endpoints end their lame ducks themselves; a little room over the period for the timer to fire
		long lameDuckOver = System.nanoTime() + this.lameDuck.plusSeconds(1).toNanos();
		while (inLameDuck() && System.nanoTime() - lameDuckOver < 0) {
			sleep(20);
		}
		int open = open();
		if (open == 0) {
			return;
		}
		log.info("Stopping: {} connection(s) open; each is closed once its requests are answered (at most {})", open,
				this.grace);
		long deadline = System.nanoTime() + this.grace.toNanos();
		while (open() > 0 && System.nanoTime() - deadline < 0) {
			sleep(20);
		}
		int left = open();
		if (left > 0) {
			log.warn("Shutdown grace of {} is over: closing {} connection(s) still busy", this.grace, left);
			for (Endpoint endpoint : this.endpoints) {
				for (LiveConnection connection : endpoint.connections()) {
					connection.close(CloseReason.SHUTDOWN, "still busy when upcase.tcp.shutdown-grace ended");
				}
			}
		}
	}

	private boolean inLameDuck() {
		return this.endpoints.stream().anyMatch(endpoint -> endpoint.state() == EndpointState.LAME_DUCK);
	}

	private int open() {
		return this.endpoints.stream().mapToInt(Endpoint::activeConnections).sum();
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
