package dev.upcase.server.tcp;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * The memory all connections together may hold of requests still arriving ({@code upcase.tcp.max-buffered-bytes}).
 * Over it, a connection that adds bytes stops reading (backpressure: its bytes wait in the kernel, then in the
 * client) instead of the server allocating more; it reads again when others release theirs. One connection at a
 * time — the leader — may go past the budget, so that a message can always be finished and the budget cannot
 * deadlock with every connection holding part of one: held request bytes never exceed the budget plus one
 * {@code max-message-bytes}.
 */
final class RequestBudget {

	private final long limit;

	private final AtomicLong used = new AtomicLong();

	private final AtomicReference<@Nullable ConnectionHandler> leader = new AtomicReference<>();

	private final Queue<ConnectionHandler> waiting = new ConcurrentLinkedQueue<>();

	RequestBudget(long limit) {
		this.limit = limit;
	}

	/**
	 * @param connection a connection whose held request bytes changed (on its event loop)
	 * @param delta by how much
	 * @return whether it must stop reading until {@link ConnectionHandler#budgetAvailable()} is called
	 */
	boolean add(ConnectionHandler connection, long delta) {
		long total = this.used.addAndGet(delta);
		if (delta < 0) {
			this.leader.compareAndSet(connection, null); // it finished (or dropped) a message
			if (total <= this.limit) {
				wakeWaiting();
			}
			return false;
		}
		if (total <= this.limit || this.leader.compareAndSet(null, connection) || this.leader.get() == connection) {
			return false;
		}
		this.waiting.add(connection);
		if (this.used.get() <= this.limit) {
			wakeWaiting(); // released meanwhile: do not wait for the next release
		}
		return true;
	}

	private void wakeWaiting() {
		ConnectionHandler next;
		while ((next = this.waiting.poll()) != null) {
			next.wake();
		}
	}

	/** @return request bytes held by all connections now */
	long used() {
		return this.used.get();
	}

	long limit() {
		return this.limit;
	}

}
