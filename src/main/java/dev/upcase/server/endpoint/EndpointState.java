package dev.upcase.server.endpoint;

import java.util.Locale;

/** Where an endpoint is in its life, as operators see it. */
public enum EndpointState {

	/** Not listening yet. */
	STARTING,

	/** Listening and accepting new clients. */
	ACCEPTING,

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

	/** @return the lower-case name used in the admin API and health */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
