package dev.upcase.tcp;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

/**
 * Runs tasks one after another, in submission order, on a shared pool: one per connection, so that a connection
 * never has two message assemblers running at once.
 * <p>
 * Why: Spring Integration's {@code TcpNioConnection} starts a second assembler as soon as more data is waiting,
 * before it hands its own message to the flow; with a plain pool two pipelined requests race through the flow
 * and their replies can come back swapped. Serialising per connection keeps reply order = request order while
 * different connections still run in parallel.
 */
final class SerialExecutor implements Executor {

	private final Executor pool;

	private final Queue<Runnable> tasks = new ArrayDeque<>(2);

	private @Nullable Runnable active;

	SerialExecutor(Executor pool) {
		this.pool = pool;
	}

	@Override
	public synchronized void execute(Runnable task) {
		this.tasks.add(() -> {
			try {
				task.run();
			}
			finally {
				scheduleNext();
			}
		});
		if (this.active == null) {
			scheduleNext();
		}
	}

	private synchronized void scheduleNext() {
		this.active = this.tasks.poll();
		if (this.active != null) {
			this.pool.execute(this.active);
		}
		else {
			notifyAll(); // wake awaitIdle
		}
	}

	/** @return whether no task is running or queued */
	synchronized boolean isIdle() {
		return this.active == null;
	}

	/**
	 * Waits until no task is running or queued.
	 * @param timeoutMillis the longest to wait
	 * @return whether the executor is idle
	 */
	synchronized boolean awaitIdle(long timeoutMillis) throws InterruptedException {
		long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
		while (this.active != null) {
			long left = (deadline - System.nanoTime()) / 1_000_000;
			if (left <= 0) {
				return false;
			}
			wait(left);
		}
		return true;
	}

}
