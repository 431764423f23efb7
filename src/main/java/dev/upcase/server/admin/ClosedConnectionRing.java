package dev.upcase.server.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.upcase.server.endpoint.ConnectionClosed;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The last {@code upcase.admin.closed-connections} connections that closed, newest first (NATS' closed-connection
 * ring). Each close claims the next slot with one atomic increment: no lock, even when thousands of connections
 * close at once.
 */
@Component
class ClosedConnectionRing {

	private final AtomicReferenceArray<ConnectionClosed> slots;

	private final AtomicLong written = new AtomicLong();

	ClosedConnectionRing(AdminProperties properties) {
		this.slots = new AtomicReferenceArray<>(properties.closedConnections());
	}

	@EventListener
	void closed(ConnectionClosed closed) {
		int size = this.slots.length();
		if (size > 0) {
			this.slots.set((int) (this.written.getAndIncrement() % size), closed);
		}
	}

	/** @return the connections kept, the most recently closed first */
	List<ConnectionClosed> newestFirst() {
		int size = this.slots.length();
		long end = this.written.get();
		long start = Math.max(0, end - size);
		List<ConnectionClosed> kept = new ArrayList<>((int) (end - start));
		for (long i = end - 1; i >= start; i--) {
			ConnectionClosed closed = this.slots.get((int) (i % size));
			if (closed != null) { // a slot claimed, not yet written
				kept.add(closed);
			}
		}
		return kept;
	}

}
