package dev.upcase.server.tcp;

import java.util.concurrent.Executor;

import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

/**
 * The NIO factory's executor: its selector loop gets a thread of its own, and every read it hands over runs
 * right there, on the selector thread, like a Netty event loop: no hand-off between noticing that a socket is
 * readable and answering what it sent. Safe because nothing on that path waits: decoding takes only bytes that
 * have arrived, replies never block ({@link ReplyQueue}), and the flow is a few microseconds of CPU.
 */
final class SelectorThreadReads implements Executor {

	private final Executor loopThread;

	SelectorThreadReads(Executor loopThread) {
		this.loopThread = loopThread;
	}

	@Override
	public void execute(Runnable task) {
		if (task instanceof AbstractServerConnectionFactory) {
			this.loopThread.execute(task); // the factory's own select loop, for the life of the server
		}
		else {
			task.run(); // a read: on the selector thread that asked for it
		}
	}

}
