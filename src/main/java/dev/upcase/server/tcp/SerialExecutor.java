package dev.upcase.server.tcp;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's tasks one after another, in submission order: a connection never has two message
 * assemblers running at once.
 * <p>
 * Why: Spring Integration's {@code TcpNioConnection} starts a second assembler as soon as more data is waiting,
 * before it hands its own message to the flow; with a plain pool two pipelined requests race through the flow
 * and their replies can come back swapped. Serialising per connection keeps reply order = request order while
 * different connections still run in parallel.
 * <p>
 * And, for speed, {@link #runHere}: tasks a read submits are run by the reading thread itself once the read is
 * done, instead of being handed to another thread — one thread hand-off less per message.
 */
final class SerialExecutor implements Executor {

	private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

	private final Executor pool;

	private final ArrayDeque<Runnable> tasks = new ArrayDeque<>(2);

	/** A thread is running this executor's tasks (one from the pool, or one in {@link #runHere}). */
	private boolean draining;

	/** The thread inside {@link #runHere}: what it submits waits for it. */
	private @Nullable Thread keeper;

	SerialExecutor(Executor pool) {
		this.pool = pool;
	}

	@Override
	public void execute(Runnable task) {
		synchronized (this) {
			this.tasks.add(task);
			if (this.draining || this.keeper == Thread.currentThread()) {
				return;
			}
			this.draining = true;
		}
		this.pool.execute(this::drain);
	}

	/**
	 * Runs {@code work} on the calling thread, keeping the tasks it submits; then runs those too, on this thread,
	 * unless another thread is already running this executor's tasks (it will run them, in order).
	 */
	void runHere(Runnable work) {
		synchronized (this) {
			this.keeper = Thread.currentThread();
		}
		try {
			work.run();
		}
		finally {
			synchronized (this) {
				this.keeper = null;
				if (this.draining || this.tasks.isEmpty()) {
					return;
				}
				this.draining = true;
			}
			drain();
		}
	}

	private void drain() {
		while (true) {
			Runnable task;
			synchronized (this) {
				task = this.tasks.poll();
				if (task == null) {
					this.draining = false;
					return;
				}
			}
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				log.error("Connection task failed", ex); // not expected: the tasks handle their own failures
			}
		}
	}

	/** @return whether no task is running or queued */
	synchronized boolean isIdle() {
		return !this.draining && this.tasks.isEmpty();
	}

}
