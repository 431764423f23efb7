package dev.upcase.server.admin;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the admin API ({@code upcase.admin.*}); the README's configuration table documents each one.
 *
 * @param closedConnections how many recently closed connections {@code /actuator/connections?state=closed} keeps
 * (the oldest make room for new ones); {@code 0} keeps none
 */
@Validated
@ConfigurationProperties("upcase.admin")
public record AdminProperties(
		@DefaultValue("1000") @Min(value = 0, message = RANGE) @Max(value = 100_000, message = RANGE) int closedConnections) {

	static final String RANGE = "upcase.admin.closed-connections must be 0 (keep none) to 100000, e.g. 1000";

}
