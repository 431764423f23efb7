package dev.upcase.server.lifecycle;

import java.time.Duration;

import dev.upcase.server.tcp.TcpProperties;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.stereotype.Component;

/**
 * Stops the start when {@code upcase.tcp.shutdown-grace} does not fit inside
 * {@code spring.lifecycle.timeout-per-shutdown-phase}.
 * <p>
 * The TCP endpoint drains in a shutdown phase of Spring's lifecycle, and Spring waits for a phase only that long:
 * a grace as long or longer is never used in full — Spring moves on and the connections still being answered are
 * cut, which is exactly what the grace is there to prevent. Each value is valid on its own, so the check lives
 * here rather than on either properties class; it runs as the context is created, before anything listens.
 */
@Component
class ShutdownGraceCheck implements InitializingBean {

	private final Duration shutdownGrace;

	private final Duration timeoutPerShutdownPhase;

	ShutdownGraceCheck(TcpProperties tcp, LifecycleProperties lifecycle) {
		this.shutdownGrace = tcp.shutdownGrace();
		this.timeoutPerShutdownPhase = lifecycle.getTimeoutPerShutdownPhase();
	}

	@Override
	public void afterPropertiesSet() {
		if (this.shutdownGrace.compareTo(this.timeoutPerShutdownPhase) >= 0) {
			throw new InvalidConfigurationPropertyValueException("upcase.tcp.shutdown-grace", format(this.shutdownGrace),
					"upcase.tcp.shutdown-grace (" + format(this.shutdownGrace)
							+ ") must be shorter than spring.lifecycle.timeout-per-shutdown-phase ("
							+ format(this.timeoutPerShutdownPhase) + "): Spring stops waiting for the TCP endpoint's "
							+ "drain after that timeout and cuts the connections still open. Lower "
							+ "upcase.tcp.shutdown-grace below " + format(this.timeoutPerShutdownPhase)
							+ ", or raise spring.lifecycle.timeout-per-shutdown-phase to at least "
							+ format(this.shutdownGrace.plusSeconds(5))
							+ " (and the container's stop timeout, or terminationGracePeriodSeconds, above that)");
		}
	}

	/** As an operator would write it in a property: {@code 20s}, {@code 1500ms}. */
	private static String format(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

}
