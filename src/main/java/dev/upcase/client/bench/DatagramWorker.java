package dev.upcase.client.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.upcase.client.ClientSettings;
import dev.upcase.client.DatagramClient;

/**
 * A bench worker on a UDP socket ({@code upcase client --udp bench}): a datagram channel connected to the server's
 * UDP endpoint, keeping {@code --pipeline} datagrams in flight. Connected, the kernel hands it only the server's
 * datagrams, and turns a "port unreachable" from the server's host into an error on the socket: nothing listening
 * fails the bench at once, as a refused TCP connection does.
 * <p>
 * UDP keeps no order and may lose or duplicate a datagram, so replies are matched to requests by the number each
 * request carries ({@link NumberedRequests}), not by their order. A request without its reply after the client's
 * {@code --timeout} is lost: counted, forgotten, and its slot refilled; a reply that comes after that is checked
 * (a wrong one is a mismatch) and not counted again.
 * <p>
 * Non-blocking, with a selector of its own: the worker waits for a reply until the oldest request's deadline, and
 * at most {@value #MAX_WAIT_MILLIS} ms, so that it sees the run stop even when nothing answers.
 */
final class DatagramWorker implements BenchWorker {

	private static final long MAX_WAIT_MILLIS = 100;

	private final ClientSettings settings;

	private final int window;

	private final long timeoutNanos;

	private final NumberedRequests requests;

	/** Request number → when it was sent, oldest first: the first one is the next to time out. */
	private final Map<Long, Long> inFlight = new LinkedHashMap<>();

	private final ByteBuffer reply = ByteBuffer.allocate(DatagramClient.MAX_DATAGRAM_BYTES + 1);

	private final DatagramChannel channel;

	private final Selector selector;

	private long next;

	/** Whether {@link #connect()} received a reply that {@link #drive} has yet to take. */
	private boolean received;

	DatagramWorker(ClientSettings settings, int window, NumberedRequests requests) {
		this.settings = settings;
		this.window = window;
		this.timeoutNanos = settings.timeout().toNanos();
		this.requests = requests;
		try {
			this.channel = DatagramChannel.open();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			this.selector = Selector.open();
		}
		catch (IOException ex) {
			close(this.channel);
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Connects the socket and sends a first datagram, waiting up to {@code --timeout} for its reply: so that a port
	 * with nothing behind it fails the run before the clock starts. A reply that does not come is only lost.
	 */
	@Override
	public void connect() {
		try {
			// resolved here: an unknown host is an UnknownHostException, the client's exit code 4
			InetAddress server = InetAddress.getByName(this.settings.host());
			this.channel.connect(new InetSocketAddress(server, this.settings.port()));
			this.channel.configureBlocking(false);
			this.channel.register(this.selector, SelectionKey.OP_READ);
			send();
			if (this.selector.select(key -> { }, Math.max(1, this.settings.timeout().toMillis())) > 0) {
				this.received = receive();
			}
		}
		catch (PortUnreachableException ex) {
			throw DatagramClient.nothingListens(this.settings);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void drive(Outcomes outcomes) {
		try {
			if (this.received) {
				take(outcomes);
			}
			while (outcomes.running()) {
				while (this.inFlight.size() < this.window && send()) {
					// the window is full again (or the socket's send buffer is: then replies come first)
				}
				this.selector.select(key -> { }, waitMillis());
				while (receive()) {
					take(outcomes);
				}
				expire(outcomes);
			}
		}
		catch (PortUnreachableException ex) {
			throw DatagramClient.nothingListens(this.settings);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return whether the request went out; not when the socket's send buffer is full */
	private boolean send() throws IOException {
		long number = this.next;
		while (this.inFlight.containsKey(number)) {
			// only with very short requests, whose few numbers come round while an old one still waits
			number = (number + 1) % this.requests.numbers();
		}
		this.next = (number + 1) % this.requests.numbers();
		long now = System.nanoTime();
		if (this.channel.write(ByteBuffer.wrap(this.requests.request(number))) == 0) {
			return false;
		}
		this.inFlight.put(number, now);
		return true;
	}

	/** @return whether a datagram came: then it is in {@link #reply} */
	private boolean receive() throws IOException {
		this.reply.clear();
		return this.channel.receive(this.reply) != null;
	}

	private void take(Outcomes outcomes) {
		long number = this.requests.numberOf(this.reply.array(), this.reply.position());
		if (number < 0) {
			outcomes.mismatch();
			return;
		}
		Long sent = this.inFlight.remove(number);
		if (sent != null) {
			outcomes.answered(sent);
		}
		// else a right reply to a request already counted lost (or a duplicate datagram): too late to count
	}

	private void expire(Outcomes outcomes) {
		long now = System.nanoTime();
		for (Iterator<Long> oldest = this.inFlight.values().iterator(); oldest.hasNext();) {
			if (now - oldest.next() < this.timeoutNanos) {
				return;
			}
			oldest.remove();
			outcomes.lost();
		}
	}

	/** @return how long to wait for a reply: until the oldest request times out, at least 1 ms, at most 100 */
	private long waitMillis() {
		Iterator<Long> oldest = this.inFlight.values().iterator();
		if (!oldest.hasNext()) {
			return 1;
		}
		long left = oldest.next() + this.timeoutNanos - System.nanoTime();
		return Math.max(1, Math.min(MAX_WAIT_MILLIS, (left + 999_999) / 1_000_000));
	}

	@Override
	public void close() {
		close(this.selector);
		close(this.channel);
	}

	private static void close(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// closing a socket or selector: nothing left to do about it
		}
	}

}
