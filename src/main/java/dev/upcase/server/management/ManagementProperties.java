package dev.upcase.server.management;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the management side's logins ({@code upcase.management.*}); the README's configuration table documents
 * each one.
 *
 * @param loginCacheTtl how long a login checked against a hashed password ({@code {bcrypt}...}) is remembered, so
 * that the calls that follow (each carries its credentials) skip the slow hash; {@code 0} checks every call
 * @param maxLoginBackoff the longest a source address is refused after repeated failed logins; {@code 0} turns the
 * backoff off
 */
@Validated
@ConfigurationProperties("upcase.management")
public record ManagementProperties(@DefaultValue("1m") @NotNull Duration loginCacheTtl,
		@DefaultValue("1m") @NotNull Duration maxLoginBackoff) {

	private static final Duration HOUR = Duration.ofHours(1);

	@AssertTrue(message = "upcase.management.login-cache-ttl must be 0 (check every call) to 1h, e.g. 1m")
	boolean isLoginCacheTtlValid() {
		return this.loginCacheTtl == null || (!this.loginCacheTtl.isNegative() && this.loginCacheTtl.compareTo(HOUR) <= 0);
	}

	@AssertTrue(message = "upcase.management.max-login-backoff must be 0 (off) to 1h, e.g. 1m")
	boolean isMaxLoginBackoffValid() {
		return this.maxLoginBackoff == null
				|| (!this.maxLoginBackoff.isNegative() && this.maxLoginBackoff.compareTo(HOUR) <= 0);
	}

}
