package dev.upcase.server.lifecycle;

import java.time.Duration;

import dev.upcase.server.tcp.TcpProperties;
import dev.upcase.server.transport.DurationText;

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
			String grace = DurationText.of(this.shutdownGrace);
			String phase = DurationText.of(this.timeoutPerShutdownPhase);
			throw new InvalidConfigurationPropertyValueException("upcase.tcp.shutdown-grace", grace,
					"upcase.tcp.lame-duck (" + DurationText.of(this.lameDuck) + ") + upcase.tcp.shutdown-grace ("
							+ grace + ") = " + DurationText.of(stopping)
							+ " must be shorter than spring.lifecycle.timeout-per-shutdown-phase (" + phase
							+ "): Spring stops waiting for the endpoints' drain after that timeout and cuts the "
							+ "connections still open. Lower upcase.tcp.shutdown-grace or upcase.tcp.lame-duck so that "
							+ "together they stay below " + phase
							+ ", or raise spring.lifecycle.timeout-per-shutdown-phase to at least "
							+ DurationText.of(stopping.plusSeconds(5))
							+ " (and the container's stop timeout, or terminationGracePeriodSeconds, above that)");
		}
	}

}
