package dev.upcase.server.lifecycle;

import java.time.Duration;

import dev.upcase.server.tcp.TcpProperties;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.stereotype.Component;

/**
 * Stops the start when {@code upcase.tcp.lame-duck} + {@code upcase.tcp.shutdown-grace} does not fit inside
 * {@code spring.lifecycle.timeout-per-shutdown-phase}.
 * <p>
 * The endpoints' lame duck and then their drain run in one shutdown phase of Spring's lifecycle, and Spring waits
 * for a phase only that long: a lame duck and grace as long or longer are never used in full — Spring moves on and
 * the connections still being answered are cut, which is exactly what the grace is there to prevent. Each value is
 * valid on its own, so the check lives here rather than on either properties class; it runs as the context is
 * created, before anything listens.
 */
@Component
class ShutdownGraceCheck implements InitializingBean {

	private final Duration lameDuck;

	private final Duration shutdownGrace;

	private final Duration timeoutPerShutdownPhase;

	ShutdownGraceCheck(TcpProperties tcp, LifecycleProperties lifecycle) {
		this.lameDuck = tcp.lameDuck();
		this.shutdownGrace = tcp.shutdownGrace();
		this.timeoutPerShutdownPhase = lifecycle.getTimeoutPerShutdownPhase();
	}

	@Override
	public void afterPropertiesSet() {
		Duration stopping = this.lameDuck.plus(this.shutdownGrace);
		if (stopping.compareTo(this.timeoutPerShutdownPhase) >= 0) {
			throw new InvalidConfigurationPropertyValueException("upcase.tcp.shutdown-grace", format(this.shutdownGrace),
					"upcase.tcp.lame-duck (" + format(this.lameDuck) + ") + upcase.tcp.shutdown-grace ("
							+ format(this.shutdownGrace) + ") = " + format(stopping)
							+ " must be shorter than spring.lifecycle.timeout-per-shutdown-phase ("
							+ format(this.timeoutPerShutdownPhase) + "): Spring stops waiting for the endpoints' "
							+ "drain after that timeout and cuts the connections still open. Lower "
							+ "upcase.tcp.shutdown-grace or upcase.tcp.lame-duck so that together they stay below "
							+ format(this.timeoutPerShutdownPhase)
							+ ", or raise spring.lifecycle.timeout-per-shutdown-phase to at least "
							+ format(stopping.plusSeconds(5))
							+ " (and the container's stop timeout, or terminationGracePeriodSeconds, above that)");
		}
	}

	/** As an operator would write it in a property: {@code 20s}, {@code 1500ms}. */
	private static String format(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

}
