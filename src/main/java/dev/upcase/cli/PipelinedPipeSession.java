package dev.upcase.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.upcase.cli.PipelineConfiguration.RequestSender;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;
import org.springframework.integration.MessageTimeoutException;
import org.springframework.integration.ip.tcp.connection.AbstractClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionExceptionEvent;

/**
 * Pipe mode, pipelined: lines go out as fast as they are read, up to {@value #WINDOW} ahead of their replies,
 * and the replies, which the server sends in request order, are written as they come. Same contract as
 * {@link PipeSession}: one reply line per input line, in order, nothing else on stdout.
 * <p>
 * Output is flushed whenever every request sent so far has its reply, so a program feeding lines one at a time
 * sees each reply at once, while a file goes through in large writes.
 */
final class PipelinedPipeSession implements ApplicationListener<TcpConnectionExceptionEvent> {

	/** Requests in flight at most: bounds what the client and the server hold for this connection. */
	static final int WINDOW = 512;

	private final RequestSender sender;

	private final AbstractClientConnectionFactory connection;

	private final Duration timeout;

	private final Semaphore window = new Semaphore(WINDOW);

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();

	private final Object outputLock = new Object();

	private @Nullable OutputStream stdout;

	PipelinedPipeSession(RequestSender sender, AbstractClientConnectionFactory connection, Duration timeout) {
		this.sender = sender;
		this.connection = connection;
		this.timeout = timeout;
	}

	void run(InputStream stdin, OutputStream stdout) throws IOException, InterruptedException {
		synchronized (this.outputLock) {
			this.stdout = stdout;
		}
		this.connection.getConnection(); // a server that is not there is reported before any input is read
		LineInput lines = new LineInput(stdin);
		try {
			for (byte[] line = lines.next(); line != null; line = lines.next()) {
				awaitRoom(1);
				this.inFlight.incrementAndGet();
				this.sender.send(line);
			}
			awaitRoom(WINDOW); // every reply is in
		}
		finally {
			synchronized (this.outputLock) {
				this.stdout = null;
				stdout.flush(); // after a failure too: the replies that came are the caller's
			}
		}
	}

	/** Takes each reply, in request order, on the connection's reader thread. */
	void replied(byte[] reply) {
		try {
			synchronized (this.outputLock) {
				OutputStream out = this.stdout;
				if (out == null) {
					return; // run() is over: no request of it is waiting for this
				}
				out.write(reply);
				out.write('\n');
				if (this.inFlight.decrementAndGet() == 0) {
					out.flush();
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			fail(ex); // stdout closed under us, most likely
		}
		finally {
			this.window.release();
		}
	}

	/**
	 * The connection failed. That matters only with requests in flight: an idle connection the server closed is
	 * replaced when the next line is sent.
	 */
	@Override
	public void onApplicationEvent(TcpConnectionExceptionEvent event) {
		Throwable cause = event.getCause();
		if (cause != null && this.inFlight.get() > 0
				&& this.connection.getComponentName().equals(event.getConnectionFactoryName())) {
			fail(cause);
		}
	}

	private void fail(Throwable cause) {
		if (this.failure.compareAndSet(null, cause)) {
			this.window.release(WINDOW); // wake the reading thread: it reports the failure
		}
	}

	/** Waits until {@code permits} more requests may be in flight; each reply must come within the timeout. */
	private void awaitRoom(int permits) throws InterruptedException {
		for (int i = 0; i < permits; i++) {
			boolean acquired = this.window.tryAcquire(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			Throwable cause = this.failure.get();
			if (cause != null) {
				throw new PipeFailedException(cause);
			}
			if (!acquired) {
				throw new MessageTimeoutException("no reply within " + Durations.text(this.timeout));
			}
		}
	}

	/** What ended the pipe early, from whichever thread saw it. */
	static final class PipeFailedException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		PipeFailedException(Throwable cause) {
			super(cause.getMessage(), cause);
		}

	}

}
