package dev.upcase.server.management;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.upcase.server.transport.ClientText;
import dev.upcase.server.transport.Throttle;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Failed logins to the management side: logged (one line, at most one a second, with the source address and the
 * user name tried, never the password), counted ({@code upcase.management.login.failures}, reason
 * {@code credentials}), and fed to the per-source {@link LoginBackoff} that {@link LoginBackoffFilter} enforces
 * (refusals counted with reason {@code backoff}). Spring Security reports each login as an event, with the
 * caller's address in its details.
 */
@Component
class LoginFailures {

	private static final Logger logger = LoggerFactory.getLogger(LoginFailures.class);

	private final LoginBackoff backoff;

	private final Throttle throttle = new Throttle(Duration.ofSeconds(1));

	private final Counter wrongCredentials;

	private final Counter refused;

	LoginFailures(ManagementProperties properties, MeterRegistry meters) {
		this.backoff = new LoginBackoff(properties.maxLoginBackoff());
		this.wrongCredentials = counter(meters, "credentials", "a wrong user name or password");
		this.refused = counter(meters, "backoff", "refused unchecked: too many failures from its source just before");
	}

	private static Counter counter(MeterRegistry meters, String reason, String what) {
		return Counter.builder("upcase.management.login.failures")
			.description("Failed logins to the management endpoints, by reason: " + what)
			.tag("reason", reason)
			.register(meters);
	}

	@EventListener
	void failed(AbstractAuthenticationFailureEvent event) {
		String address = address(event.getAuthentication());
		if (address == null) {
			return;
		}
		this.wrongCredentials.increment();
		LoginBackoff.Failure failure = this.backoff.failed(address);
		long heldBack = this.throttle.tryPass();
		if (heldBack >= 0) {
			logger.warn("Failed login to the management endpoints from {} as '{}': {} ({} in a row from {}{}){}",
					address, ClientText.bounded(event.getAuthentication().getName()), event.getException().getMessage(),
					failure.inARow(), failure.source(),
					failure.refusedFor().isZero() ? "" : "; refused for " + failure.refusedFor().toSeconds() + " s",
					heldBack > 0 ? "; " + heldBack + " more failed logins or refusals not logged" : "");
		}
	}

	@EventListener
	void succeeded(AuthenticationSuccessEvent event) {
		String address = address(event.getAuthentication());
		if (address != null) {
			this.backoff.succeeded(address);
		}
	}

	/** @return how much longer logins from this address are refused unchecked; zero when they are not */
	Duration refusedFor(String address) {
		return this.backoff.refusedFor(address);
	}

	/** Counts (and, rate-limited, logs) a login refused unchecked during its source's backoff. */
	void refused(String address, Duration left) {
		this.refused.increment();
		long heldBack = this.throttle.tryPass();
		if (heldBack >= 0) {
			logger.warn("Login to the management endpoints from {} refused unchecked for {} s more: too many failed "
					+ "logins from it{}", address, Math.max(1, left.toSeconds()),
					heldBack > 0 ? "; " + heldBack + " more failed logins or refusals not logged" : "");
		}
	}

	private static String address(Authentication authentication) {
		return authentication.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress()
				: null;
	}

}
