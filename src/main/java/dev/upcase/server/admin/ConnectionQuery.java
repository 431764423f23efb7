package dev.upcase.server.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import dev.upcase.server.endpoint.ConnectionClosed;
import dev.upcase.server.endpoint.LiveConnection;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of {@code GET /actuator/connections}, checked, and the page they select. Each connection is read
 * once, into a {@link ConnectionView}, while the endpoint's weakly consistent view is iterated: no lock is held
 * over the table, and the message path pays nothing for it.
 *
 * @param closed {@code state=closed}: the ring of recently closed connections instead of the open ones
 * @param sort the sort key; {@code null}: open ones by age, closed ones most recently closed first
 * @param descending {@code order=desc} (the default): largest first
 * @param offset entries to skip
 * @param limit entries to return at most
 * @param peer only connections from this peer, or all
 */
record ConnectionQuery(boolean closed, @Nullable SortKey sort, boolean descending, int offset, int limit,
		@Nullable PeerFilter peer) {

	static final int DEFAULT_LIMIT = 100;

	static final int MAX_LIMIT = 1000;

	static ConnectionQuery parse(@Nullable String state, @Nullable String sort, @Nullable String order,
			@Nullable String offset, @Nullable String limit, @Nullable String peer) {
		boolean closed = parseState(state);
		SortKey key = sort != null ? SortKey.parse(sort) : null;
		if (closed && key != null && key.closed() == null) {
			throw new BadParameter("sort", sort, "one of age, messages, bytes for closed connections");
		}
		return new ConnectionQuery(closed, key, parseOrder(order), parseInt("offset", offset, 0, 0, Integer.MAX_VALUE),
				parseInt("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT), peer != null ? PeerFilter.parse(peer) : null);
	}

	private static boolean parseState(@Nullable String state) {
		if (state == null || state.equals("open")) {
			return false;
		}
		if (state.equals("closed")) {
			return true;
		}
		throw new BadParameter("state", state, "open or closed");
	}

	private static boolean parseOrder(@Nullable String order) {
		if (order == null || order.equals("desc")) {
			return true;
		}
		if (order.equals("asc")) {
			return false;
		}
		throw new BadParameter("order", order, "asc or desc");
	}

	private static int parseInt(String name, @Nullable String value, int absent, int min, int max) {
		if (value == null) {
			return absent;
		}
		String accepted = "a whole number from " + min + " to " + max;
		try {
			int parsed = Integer.parseInt(value.strip());
			if (parsed < min || parsed > max) {
				throw new BadParameter(name, value, accepted);
			}
			return parsed;
		}
		catch (NumberFormatException ex) {
			throw new BadParameter(name, value, accepted);
		}
	}

	/** @param views each endpoint's open connections, iterated once */
	ConnectionPage openPage(List<Iterable<? extends LiveConnection>> views, Instant now) {
		List<ConnectionView> selected = new ArrayList<>();
		for (Iterable<? extends LiveConnection> view : views) {
			for (LiveConnection connection : view) {
				if (this.peer == null || this.peer.matches(connection.peer())) {
					selected.add(ConnectionView.of(connection, now));
				}
			}
		}
		return page("open", selected, (this.sort != null ? this.sort : SortKey.AGE).open());
	}

	/** @param newestFirst the ring of recently closed connections */
	ConnectionPage closedPage(List<ConnectionClosed> newestFirst) {
		List<ClosedConnectionView> selected = new ArrayList<>();
		for (ConnectionClosed closed : newestFirst) {
			if (this.peer == null || this.peer.matches(closed.peer())) {
				selected.add(ClosedConnectionView.of(closed));
			}
		}
		return page("closed", selected, this.sort != null ? this.sort.closed() : null);
	}

	/** @param order {@code null}: as selected, which is newest first */
	private <T> ConnectionPage page(String state, List<T> selected, @Nullable Comparator<T> order) {
		if (order != null) {
			selected.sort(this.descending ? order.reversed() : order);
		}
		else if (!this.descending) {
			Collections.reverse(selected);
		}
		int from = (int) Math.min(this.offset, selected.size());
		int to = (int) Math.min((long) from + this.limit, selected.size());
		return new ConnectionPage(state, selected.size(), this.offset, this.limit,
				List.copyOf(selected.subList(from, to)));
	}

	/**
	 * The answer: how many connections match, and this page of them.
	 *
	 * @param state open or closed
	 * @param total connections matching (all pages)
	 * @param offset as asked
	 * @param limit as asked, or the default
	 * @param connections this page
	 */
	record ConnectionPage(String state, int total, int offset, int limit, List<?> connections) {
	}

}
