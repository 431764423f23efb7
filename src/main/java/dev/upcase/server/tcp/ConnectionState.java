package dev.upcase.server.tcp;

import java.util.concurrent.atomic.AtomicReference;

import dev.upcase.server.endpoint.CloseReason;
import dev.upcase.server.transport.ClientText;
import org.jspecify.annotations.Nullable;

/**
 * What one connection has done and why it ends — its counters, its close reason, and the drain's test for "nothing
 * is under way" — with no Netty or Spring Integration type in sight, so that it can be tested on its own. Written
 * on the connection's event loop only (one writer, so plain increments of volatile fields are safe); read from
 * anywhere (the admin API, logs).
 */
final class ConnectionState {

	/** Quiet looks in a row after which a draining connection is closed. */
	static final int QUIET_LOOKS = 2;

	private final AtomicReference<@Nullable Closing> closing = new AtomicReference<>();

	private volatile long messagesIn;

	private volatile long bytesIn;

	private volatile long repliesOut;

	private volatile long bytesOut;

	private volatile long unsentBytes;

	private volatile long lastMessageMillis;

	private volatile long lastActivityMillis;

	/** When the socket last took reply bytes, or the first unsent reply was queued. */
	private long lastWriteProgressMillis;

	/** The outbound queue's size when the timeouts last looked ({@code bytesBeforeWritable}). */
	private long queuedAtLastLook;

	/** Socket reads so far: what a drain watches to know that nothing more is coming. */
	private long reads;

	private long readsAtLastLook = -1;

	private int quietLooks;

	ConnectionState(long nowMillis) {
		this.lastActivityMillis = nowMillis;
	}

	/** A socket read (one or more messages, or part of one) has been handled. */
	void read(long nowMillis) {
		this.reads++;
		this.lastActivityMillis = nowMillis;
	}

	/** A whole request arrived. */
	void requestReceived(int bytes, long nowMillis) {
		this.messagesIn++;
		this.bytesIn += bytes;
		this.lastMessageMillis = nowMillis;
		this.lastActivityMillis = nowMillis;
	}

	/** A reply of this many bytes (framing included) is queued for the socket. */
	void replyQueued(int bytes, long nowMillis) {
		if (this.unsentBytes == 0) {
			this.lastWriteProgressMillis = nowMillis; // the write timeout counts from the first reply waiting
		}
		this.unsentBytes += bytes;
	}

	/** The socket has taken a whole reply, or the write failed (the client has gone). */
	void replyDone(int bytes, boolean written, long nowMillis) {
		this.unsentBytes -= bytes;
		if (written) {
			this.repliesOut++;
			this.bytesOut += bytes;
			this.lastActivityMillis = nowMillis;
			this.lastWriteProgressMillis = nowMillis;
		}
	}

	/**
	 * Records why the connection is about to close; the first reason recorded is the one told.
	 * @return whether this was the first
	 */
	boolean recordClosing(CloseReason reason, @Nullable String detail) {
		// the detail often carries the client's bytes (a TLS error's hexdump): bounded before the log and the ring
		return this.closing.compareAndSet(null, new Closing(reason, ClientText.bounded(detail)));
	}

	/** @return the reason recorded, or {@code otherwise} when none was (the client hung up; the server stopped) */
	Closing closing(CloseReason otherwise) {
		Closing recorded = this.closing.get();
		return recorded != null ? recorded : new Closing(otherwise, null);
	}

	/**
	 * One look of a drain, on the event loop. The connection is quiet when no partial request is held, no reply is
	 * unsent, reading is not held back, and no socket read happened since the last look.
	 * @param heldBytes bytes of a partial request the decoder holds
	 * @param reading whether the connection is reading from its socket
	 * @return whether it has now been quiet for {@link #QUIET_LOOKS} looks in a row: time to close it
	 */
	boolean quietLook(int heldBytes, boolean reading) {
		boolean quiet = heldBytes == 0 && this.unsentBytes == 0 && reading && this.reads == this.readsAtLastLook;
		this.quietLooks = quiet ? this.quietLooks + 1 : 0;
		this.readsAtLastLook = this.reads;
		return this.quietLooks >= QUIET_LOOKS;
	}

	/**
	 * The periodic look of the timeouts, on the event loop.
	 * @param queuedBytes how much of the outbound queue is still to drain (changes as a large reply is taken in
	 * part, before it completes)
	 * @param idleTimeoutMillis no bytes either way for this long, and no reply waiting, is idle; {@code 0} = never
	 * @param writeTimeoutMillis unsent replies with no byte taken for this long is a slow reader
	 * @return the timeout that has run out, or {@code null}
	 */
	@Nullable CloseReason timedOut(long queuedBytes, long nowMillis, long idleTimeoutMillis, long writeTimeoutMillis) {
		if (queuedBytes != this.queuedAtLastLook) {
			this.queuedAtLastLook = queuedBytes;
			if (this.unsentBytes > 0) {
				this.lastWriteProgressMillis = nowMillis; // part of a large reply was taken
				this.lastActivityMillis = nowMillis;
			}
		}
		if (this.unsentBytes > 0) {
			// replies wait to be taken: the write timeout judges the client, not the idle one — a client can read
			// steadily while the server's writes make no progress for longer than a short idle timeout (the kernel
			// sends a slow reader's window in bursts seconds apart), and an idle close here would reset the
			// connection with requests still unread, losing their replies
			return nowMillis - this.lastWriteProgressMillis >= writeTimeoutMillis ? CloseReason.SLOW : null;
		}
		if (idleTimeoutMillis > 0 && nowMillis - this.lastActivityMillis >= idleTimeoutMillis) {
			return CloseReason.IDLE;
		}
		return null;
	}

	/**
	 * The kernel has seen the client take reply bytes out of the socket's send buffer at this moment
	 * ({@link KernelProgress}): bytes moved, and the client took some of its replies.
	 * @return whether that is later than any progress known so far
	 */
	boolean progressSeenByKernel(long atMillis) {
		boolean later = false;
		if (atMillis > this.lastActivityMillis) {
			this.lastActivityMillis = atMillis;
			later = true;
		}
		if (this.unsentBytes > 0 && atMillis > this.lastWriteProgressMillis) {
			this.lastWriteProgressMillis = atMillis;
			later = true;
		}
		return later;
	}

	long messagesIn() {
		return this.messagesIn;
	}

	long bytesIn() {
		return this.bytesIn;
	}

	long repliesOut() {
		return this.repliesOut;
	}

	long bytesOut() {
		return this.bytesOut;
	}

	long unsentBytes() {
		return this.unsentBytes;
	}

	/** @return when the last whole request arrived, {@code 0} before the first */
	long lastMessageMillis() {
		return this.lastMessageMillis;
	}

	long lastActivityMillis() {
		return this.lastActivityMillis;
	}

	/**
	 * Why a connection closed.
	 *
	 * @param reason the category
	 * @param detail what exactly happened, when known
	 */
	record Closing(CloseReason reason, @Nullable String detail) {
	}

}
