package dev.upcase.server.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

import org.jspecify.annotations.Nullable;

/**
 * One connection's replies on their way out, written without ever blocking a thread: what the socket takes now
 * is written at once; the rest waits here, in order, for the {@link ReplyWriter} to write it when the client
 * reads. Bounded: a client that stops reading cannot make the server hold more than {@code maxUnsentBytes} for
 * it.
 */
final class ReplyQueue {

	enum Outcome {

		/** Written to the socket completely. */
		WRITTEN,

		/** Partly or not written: the rest waits for the client to read. */
		QUEUED,

		/** Not taken: the client has left more than the limit unread. */
		OVERFLOW

	}

	private final SocketChannel channel;

	private final long maxUnsentBytes;

	private @Nullable ArrayDeque<ByteBuffer> unsent;

	private long unsentBytes;

	private long lastProgressNanos;

	private boolean closeRequested;

	ReplyQueue(SocketChannel channel, long maxUnsentBytes) {
		this.channel = channel;
		this.maxUnsentBytes = maxUnsentBytes;
	}

	synchronized Outcome offer(ByteBuffer reply) throws IOException {
		ArrayDeque<ByteBuffer> waiting = this.unsent;
		if (waiting == null || waiting.isEmpty()) {
			this.channel.write(reply); // non-blocking: takes what fits in the socket's send buffer
			if (!reply.hasRemaining()) {
				return Outcome.WRITTEN;
			}
			this.lastProgressNanos = System.nanoTime();
		}
		else if (this.unsentBytes + reply.remaining() > this.maxUnsentBytes) {
			return Outcome.OVERFLOW;
		}
		if (waiting == null) {
			waiting = new ArrayDeque<>(4);
			this.unsent = waiting;
		}
		waiting.add(reply);
		this.unsentBytes += reply.remaining();
		return Outcome.QUEUED;
	}

	/**
	 * Writes what the socket takes now.
	 * @return how many replies this completed
	 */
	synchronized int flush() throws IOException {
		ArrayDeque<ByteBuffer> waiting = this.unsent;
		int completed = 0;
		while (waiting != null && !waiting.isEmpty()) {
			ByteBuffer head = waiting.peek();
			int written = this.channel.write(head);
			if (written > 0) {
				this.unsentBytes -= written;
				this.lastProgressNanos = System.nanoTime();
			}
			if (head.hasRemaining()) {
				break;
			}
			waiting.poll();
			completed++;
		}
		return completed;
	}

	/**
	 * The connection should close once its replies are out.
	 * @return {@code true} if none wait (close now); otherwise whoever empties the queue closes it
	 */
	synchronized boolean closeWhenEmpty() {
		this.closeRequested = !isEmpty();
		return !this.closeRequested;
	}

	synchronized boolean closeRequested() {
		return this.closeRequested;
	}

	synchronized boolean isEmpty() {
		return this.unsent == null || this.unsent.isEmpty();
	}

	synchronized long unsentBytes() {
		return this.unsentBytes;
	}

	/** @return how long replies have waited without the client taking a byte of them; 0 when none wait */
	synchronized long stalledNanos(long now) {
		return isEmpty() ? 0 : now - this.lastProgressNanos;
	}

}
