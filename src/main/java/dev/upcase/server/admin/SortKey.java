package dev.upcase.server.admin;

import java.util.Comparator;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/** What {@code /actuator/connections} sorts by ({@code sort=}); ties go by id, so pages do not overlap. */
enum SortKey {

	/** How long it has been open (closed ones: how long it was open). */
	AGE(Comparator.comparingDouble(ConnectionView::ageSeconds),
			Comparator.comparingDouble(ClosedConnectionView::durationSeconds)),

	/** How long since a byte moved either way; open connections only. */
	IDLE(Comparator.comparingDouble(ConnectionView::idleSeconds), null),

	/** Requests received. */
	MESSAGES(Comparator.comparingLong(ConnectionView::messagesIn),
			Comparator.comparingLong(ClosedConnectionView::messagesIn)),

	/** Bytes in and out together. */
	BYTES(Comparator.comparingLong(view -> view.bytesIn() + view.bytesOut()),
			Comparator.comparingLong(view -> view.bytesIn() + view.bytesOut()));

	static final String ACCEPTED = "one of age, idle, messages, bytes";

	private final Comparator<ConnectionView> open;

	private final @Nullable Comparator<ClosedConnectionView> closed;

	SortKey(Comparator<ConnectionView> open, @Nullable Comparator<ClosedConnectionView> closed) {
		this.open = open.thenComparing(ConnectionView::id);
		this.closed = closed != null ? closed.thenComparing(ClosedConnectionView::id) : null;
	}

	static SortKey parse(String value) {
		try {
			return valueOf(value.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new BadParameter("sort", value, ACCEPTED);
		}
	}

	Comparator<ConnectionView> open() {
		return this.open;
	}

	/** @return the order of closed connections, or {@code null} when this key means nothing for them */
	@Nullable Comparator<ClosedConnectionView> closed() {
		return this.closed;
	}

}
