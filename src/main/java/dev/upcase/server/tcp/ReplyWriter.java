package dev.upcase.server.tcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * One thread, one selector, for every connection whose client does not read its replies as fast as they come:
 * it writes the rest of their replies when the socket can take them, and closes a connection whose client has
 * not taken a byte for {@code upcase.tcp.write-timeout}. No worker thread ever waits on a slow client.
 */
final class ReplyWriter implements Runnable, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ReplyWriter.class);

	private static final long SWEEP_MILLIS = 250;

	private final Selector selector;

	private final long writeTimeoutNanos;

	private final Queue<ServerConnection> waiting = new ConcurrentLinkedQueue<>();

	private final Thread thread;

	private volatile boolean running = true;

	ReplyWriter(long writeTimeoutMillis) {
		try {
			this.selector = Selector.open();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.writeTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(writeTimeoutMillis);
		this.thread = new Thread(this, "upcase-reply-writer");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** The connection has replies waiting: write them when its socket can take more. */
	void watch(ServerConnection connection) {
		this.waiting.add(connection);
		this.selector.wakeup();
	}

	@Override
	public void run() {
		long nextSweep = System.nanoTime();
		while (this.running) {
			try {
				this.selector.select(SWEEP_MILLIS);
				for (ServerConnection connection = this.waiting.poll(); connection != null; connection = this.waiting.poll()) {
					connection.awaitWritable(this.selector);
				}
				for (SelectionKey key : this.selector.selectedKeys()) {
					((ServerConnection) key.attachment()).writeUnsent(key);
				}
				this.selector.selectedKeys().clear();
				long now = System.nanoTime();
				if (now - nextSweep >= 0) {
					nextSweep = now + TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);
					for (SelectionKey key : this.selector.keys()) {
						((ServerConnection) key.attachment()).closeIfStalled(now, this.writeTimeoutNanos);
					}
				}
			}
			catch (ClosedSelectorException ex) {
				return;
			}
			catch (IOException | RuntimeException ex) {
				log.error("Reply writer failed; continuing", ex);
			}
		}
	}

	@Override
	public void destroy() throws IOException, InterruptedException {
		this.running = false;
		this.selector.wakeup();
		this.thread.join(1000);
		this.selector.close();
	}

}
