package dev.upcase.server.endpoint;

import java.util.Locale;

/** Where an endpoint is in its life, as operators see it. */
public enum EndpointState {

	/** Not listening yet. */
	STARTING,

	/** Listening and accepting new clients. */
	ACCEPTING,

	/**
	 * Draining soon: readiness is DOWN, yet new clients are still accepted and served for
	 * {@code upcase.tcp.lame-duck}, while load balancers notice and stop sending them; then {@link #DRAINING}.
	 */
	LAME_DUCK,

	/** Listening, refusing new clients; open connections keep working (admin API: pause). */
	PAUSED,

	/** Refusing new clients and closing each connection once its requests are answered (SIGTERM, admin drain). */
	DRAINING,

	/** Closed. */
	STOPPED;

	/** @return whether a drain starts from here: accepting or paused (not again while draining, not once stopped) */
	public boolean canDrain() {
		return this == ACCEPTING || this == PAUSED;
	}

	/** @return the lower-case name used in the admin API and health: {@code accepting}, {@code lame-duck}... */
	public String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
