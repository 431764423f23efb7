package dev.upcase.server.admin;

import java.time.Duration;
import java.time.Instant;

import dev.upcase.server.endpoint.LiveConnection;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

/**
 * The parameters of {@code DELETE /actuator/connections}: which open connections to close. Given together, the
 * conditions must all hold; with none, {@code all=true} is required, so that a bare DELETE closes nothing.
 *
 * @param peer only connections from this peer
 * @param idleLongerThan only connections idle (no byte either way) for longer than this
 */
record CloseSelection(@Nullable PeerFilter peer, @Nullable Duration idleLongerThan) {

	static CloseSelection parse(@Nullable String peer, @Nullable String idleLongerThan, @Nullable String all) {
		return parse(peer, idleLongerThan, all, false);
	}

	/**
	 * @param narrowedElsewhere the caller already limits the connections (e.g. to one endpoint): no condition here
	 * is needed
	 */
	static CloseSelection parse(@Nullable String peer, @Nullable String idleLongerThan, @Nullable String all,
			boolean narrowedElsewhere) {
		boolean everything = parseAll(all);
		CloseSelection selection = new CloseSelection(peer != null ? PeerFilter.parse(peer) : null,
				idleLongerThan != null ? parseDuration(idleLongerThan) : null);
		if (selection.peer == null && selection.idleLongerThan == null && !everything && !narrowedElsewhere) {
			throw new BadParameter("all", String.valueOf(all),
					"true to close every connection (or give peer or idleLongerThan)");
		}
		return selection;
	}

	private static boolean parseAll(@Nullable String all) {
		if (all == null || all.equals("false")) {
			return false;
		}
		if (all.equals("true")) {
			return true;
		}
		throw new BadParameter("all", all, "true or false");
	}

	private static Duration parseDuration(String value) {
		String accepted = "a duration of zero or more, ISO-8601 (PT10M) or simple (10m, 30s)";
		try {
			Duration duration = DurationStyle.detectAndParse(value.strip());
			if (duration.isNegative()) {
				throw new BadParameter("idleLongerThan", value, accepted);
			}
			return duration;
		}
		catch (IllegalArgumentException ex) {
			throw new BadParameter("idleLongerThan", value, accepted);
		}
	}

	boolean selects(LiveConnection connection, Instant now) {
		return (this.peer == null || this.peer.matches(connection.peer()))
				&& (this.idleLongerThan == null
						|| Duration.between(connection.lastActivityAt(), now).compareTo(this.idleLongerThan) > 0);
	}

}
