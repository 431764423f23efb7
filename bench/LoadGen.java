/*
 * LoadGen: the load generator of bench/compare.sh. One file, Java 17, no dependencies, so that it drives every
 * server alike (upcase, the Netty and C epoll references) and costs the machine as little as possible: one thread,
 * one selector, all connections.
 *
 *   java LoadGen.java --port P --conns C --size B --framing lf|raw --warmup S --seconds S [--server-pid PID]
 *   java LoadGen.java --port P --hold N --seconds S [--server-pid PID]          (connection capacity)
 *
 * Load: each connection sends a request of B random lowercase letters (lf: B-1 letters and "\n"), waits for the
 * whole reply, checks it byte for byte against the uppercased request, records the latency, and sends the next
 * (closed loop, one request in flight per connection). Only replies that complete after the warmup count. A wrong
 * byte is a mismatch, a reply missing for --timeout-ms a timeout; either closes that connection for good.
 *
 * Hold: opens N connections, checks one request/reply on each, leaves them idle for --seconds, then checks one
 * more on each. With --server-pid: the server's RSS before and while holding, and KB per held connection.
 *
 * Output: a human summary, then one line "RESULT key=value ..." that compare.sh collects (rps, p50_us, p99_us,
 * p999_us, errors, mismatches, timeouts, connect_failures, srv_cpu, srv_rss_kb, lg_cpu; hold: held, alive_after,
 * srv_rss0_kb, srv_rss_kb, srv_kb_per_conn). Exit status 0 when every reply was right, 1 otherwise, 2 on usage.
 */

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

public final class LoadGen {

	private final String host;

	private final int port;

	private final int size;

	private final boolean lines;

	private final long timeoutNanos;

	private final long serverPid;

	/** Requests (and their expected replies) to pick from: random, but not generated per request. */
	private final byte[][] requests = new byte[64][];

	private final byte[][] replies = new byte[64][];

	private final SplittableRandom random = new SplittableRandom(42);

	private long[] latencies = new long[1 << 16];

	private int latencyCount;

	private long mismatches;

	private long timeouts;

	private long connectFailures;

	private LoadGen(Options options) {
		this.host = options.text("--host", "127.0.0.1");
		this.port = options.number("--port", 9300);
		this.size = options.number("--size", 32);
		this.lines = !options.text("--framing", "lf").equals("raw");
		this.timeoutNanos = options.number("--timeout-ms", 10_000) * 1_000_000L;
		this.serverPid = options.number("--server-pid", 0);
		for (int i = 0; i < this.requests.length; i++) {
			byte[] request = new byte[this.size];
			for (int j = 0; j < request.length; j++) {
				request[j] = (byte) ('a' + this.random.nextInt(26));
			}
			if (this.lines) {
				request[request.length - 1] = '\n';
			}
			byte[] reply = request.clone();
			for (int j = 0; j < reply.length; j++) {
				if (reply[j] >= 'a' && reply[j] <= 'z') {
					reply[j] -= 32;
				}
			}
			this.requests[i] = request;
			this.replies[i] = reply;
		}
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		Options options = new Options(args);
		LoadGen loadGen = new LoadGen(options);
		boolean clean = options.number("--hold", 0) > 0
				? loadGen.hold(options.number("--hold", 0), options.seconds("--seconds", 5))
				: loadGen.load(options.number("--conns", 1), options.seconds("--warmup", 1), options.seconds("--seconds", 3));
		System.exit(clean ? 0 : 1);
	}

	/** One connection of the load: the request in flight and how much of its reply has come. */
	private final class Connection {

		final SocketChannel channel;

		byte[] expected = new byte[0];

		int received;

		long sentAt;

		Connection(SocketChannel channel) {
			this.channel = channel;
		}

		void send(long now) throws IOException {
			int pick = LoadGen.this.random.nextInt(LoadGen.this.requests.length);
			this.expected = LoadGen.this.replies[pick];
			this.received = 0;
			this.sentAt = now;
			ByteBuffer request = ByteBuffer.wrap(LoadGen.this.requests[pick]);
			while (request.hasRemaining()) { // small requests: the socket buffer takes them whole
				this.channel.write(request);
			}
		}

		/** @return whether the reply is complete; throws on a wrong byte */
		boolean take(ByteBuffer read) throws Mismatch {
			while (read.hasRemaining()) {
				if (this.received == this.expected.length || read.get() != this.expected[this.received++]) {
					throw new Mismatch();
				}
			}
			return this.received == this.expected.length;
		}

	}

	private static final class Mismatch extends Exception {

		Mismatch() {
			super(null, null, false, false);
		}

	}

	private boolean load(int conns, double warmupSeconds, double seconds) throws IOException {
		Selector selector = Selector.open();
		List<Connection> connections = connect(conns, selector);
		ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
		long start = System.nanoTime();
		long windowStart = start + (long) (warmupSeconds * 1e9);
		long windowEnd = windowStart + (long) (seconds * 1e9);
		for (Connection connection : connections) {
			connection.send(start);
		}
		Sample before = null;
		long now = start;
		while (now < windowEnd && !selector.keys().isEmpty()) {
			selector.select(10);
			now = System.nanoTime();
			if (before == null && now >= windowStart) {
				before = sample();
			}
			for (SelectionKey key : selector.selectedKeys()) {
				Connection connection = (Connection) key.attachment();
				buffer.clear();
				try {
					int read = connection.channel.read(buffer);
					if (read < 0) {
						throw new IOException("closed by the server");
					}
					buffer.flip();
					if (connection.take(buffer)) {
						if (now >= windowStart) {
							record(now - connection.sentAt);
						}
						connection.send(now);
					}
				}
				catch (Mismatch ex) {
					this.mismatches++;
					close(connection);
				}
				catch (IOException ex) {
					this.connectFailures++; // the connection is lost: counted with those that never came
					close(connection);
				}
			}
			selector.selectedKeys().clear();
			for (SelectionKey key : new ArrayList<>(selector.keys())) {
				Connection connection = (Connection) key.attachment();
				if (now - connection.sentAt > this.timeoutNanos) {
					this.timeouts++;
					close(connection);
				}
			}
		}
		Sample after = sample();
		double window = (now - windowStart) / 1e9;
		long[] sorted = Arrays.copyOf(this.latencies, this.latencyCount);
		Arrays.sort(sorted);
		double rps = this.latencyCount / Math.max(window, 1e-9);
		System.out.printf(Locale.ROOT, "%s:%d %s, %d-byte requests: %d of %d connections, %.1f s measured%n",
				this.host, this.port, this.lines ? "lf" : "raw", this.size, connections.size(), conns, window);
		System.out.printf(Locale.ROOT, "  %,.0f req/s; latency us p50 %d p99 %d p99.9 %d max %d%n", rps,
				percentile(sorted, 0.50), percentile(sorted, 0.99), percentile(sorted, 0.999), percentile(sorted, 1.0));
		System.out.printf(Locale.ROOT, "  mismatches %d, timeouts %d, connection failures %d%n", this.mismatches,
				this.timeouts, this.connectFailures);
		System.out.printf(Locale.ROOT,
				"RESULT mode=load conns=%d connected=%d size=%d framing=%s seconds=%.2f rps=%.0f p50_us=%d p90_us=%d "
						+ "p99_us=%d p999_us=%d max_us=%d errors=%d mismatches=%d timeouts=%d connect_failures=%d%s%n",
				conns, connections.size(), this.size, this.lines ? "lf" : "raw", window, rps, percentile(sorted, 0.50),
				percentile(sorted, 0.90), percentile(sorted, 0.99), percentile(sorted, 0.999), percentile(sorted, 1.0),
				this.timeouts, this.mismatches, this.timeouts, this.connectFailures,
				before == null ? "" : before.until(after, window));
		return this.mismatches + this.timeouts + this.connectFailures == 0 && this.latencyCount > 0;
	}

	private boolean hold(int n, double seconds) throws IOException, InterruptedException {
		long rss0 = rssKb(this.serverPid);
		long start = System.nanoTime();
		List<Connection> held = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			try {
				SocketChannel channel = SocketChannel.open(new InetSocketAddress(this.host, this.port));
				held.add(new Connection(channel));
			}
			catch (IOException ex) {
				this.connectFailures++;
			}
		}
		double connectSeconds = (System.nanoTime() - start) / 1e9;
		int verified = roundTrip(held);
		System.out.printf(Locale.ROOT, "HOLDING connected=%d verified=%d connect_s=%.2f%n", held.size(), verified,
				connectSeconds);
		Thread.sleep((long) (seconds * 1000));
		long rss = rssKb(this.serverPid);
		int alive = roundTrip(held);
		for (Connection connection : held) {
			connection.channel.close();
		}
		String server = this.serverPid <= 0 ? ""
				: String.format(Locale.ROOT, " srv_rss0_kb=%d srv_rss_kb=%d srv_kb_per_conn=%.2f", rss0, rss,
						verified > 0 ? (rss - rss0) / (double) verified : Double.NaN);
		System.out.printf(Locale.ROOT, "  held %d of %d connections, %d answered again after %.1f s idle%n", verified, n,
				alive, seconds);
		System.out.printf(Locale.ROOT,
				"RESULT mode=hold conns=%d held=%d alive_after=%d connect_s=%.2f errors=%d mismatches=%d "
						+ "timeouts=%d connect_failures=%d%s%n",
				n, verified, alive, connectSeconds, n - alive, this.mismatches, this.timeouts, this.connectFailures,
				server);
		return alive == n && this.mismatches + this.connectFailures == 0;
	}

	/** One request and its checked reply on each connection (blocking); those that fail are closed and dropped. */
	private int roundTrip(List<Connection> connections) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(this.size);
		int ok = 0;
		for (Connection connection : connections) {
			if (!connection.channel.isOpen()) {
				continue;
			}
			try {
				connection.channel.socket().setSoTimeout((int) (this.timeoutNanos / 1_000_000));
				connection.send(System.nanoTime());
				boolean complete = false;
				while (!complete) {
					buffer.clear();
					if (connection.channel.read(buffer) < 0) {
						throw new IOException("closed by the server");
					}
					buffer.flip();
					complete = connection.take(buffer);
				}
				ok++;
			}
			catch (Mismatch ex) {
				this.mismatches++;
				connection.channel.close();
			}
			catch (IOException ex) {
				connection.channel.close();
			}
		}
		return ok;
	}

	private List<Connection> connect(int conns, Selector selector) {
		List<Connection> connections = new ArrayList<>();
		for (int i = 0; i < conns; i++) {
			try {
				SocketChannel channel = SocketChannel.open(new InetSocketAddress(this.host, this.port));
				channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
				channel.configureBlocking(false);
				Connection connection = new Connection(channel);
				channel.register(selector, SelectionKey.OP_READ, connection);
				connections.add(connection);
			}
			catch (IOException ex) {
				this.connectFailures++;
			}
		}
		return connections;
	}

	private static void close(Connection connection) {
		try {
			connection.channel.close(); // also cancels its selection key
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	private void record(long nanos) {
		if (this.latencyCount == this.latencies.length) {
			this.latencies = Arrays.copyOf(this.latencies, this.latencies.length * 2);
		}
		this.latencies[this.latencyCount++] = nanos / 1000;
	}

	private static long percentile(long[] sorted, double quantile) {
		return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)];
	}

	/** CPU times at one moment: the server's (from /proc), this process's, for CPU use in cores over a window. */
	private Sample sample() {
		long serverTicks = -1;
		if (this.serverPid > 0) {
			try {
				String stat = Files.readString(Path.of("/proc", String.valueOf(this.serverPid), "stat"));
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				serverTicks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
			}
			catch (IOException | RuntimeException ex) {
				serverTicks = -1;
			}
		}
		long ownNanos = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
		return new Sample(serverTicks, ownNanos);
	}

	private record Sample(long serverTicks, long ownCpuNanos) {

		/** Linux reports CPU time in ticks of 1/100 s (USER_HZ). */
		String until(Sample after, double seconds) {
			String own = String.format(Locale.ROOT, " lg_cpu=%.2f", (after.ownCpuNanos - this.ownCpuNanos) / 1e9 / seconds);
			if (this.serverTicks < 0 || after.serverTicks < 0) {
				return own;
			}
			return own + String.format(Locale.ROOT, " srv_cpu=%.2f", (after.serverTicks - this.serverTicks) / 100.0 / seconds);
		}

	}

	private static long rssKb(long pid) {
		if (pid <= 0) {
			return -1;
		}
		try {
			return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))
				.stream()
				.filter(line -> line.startsWith("VmRSS:"))
				.mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
				.findFirst()
				.orElse(-1);
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/** {@code --name value} pairs. */
	private record Options(String[] args) {

		String text(String name, String fallback) {
			for (int i = 0; i + 1 < this.args.length; i += 2) {
				if (this.args[i].equals(name)) {
					return this.args[i + 1];
				}
			}
			for (int i = 0; i < this.args.length; i += 2) {
				if (!this.args[i].startsWith("--") || i + 1 >= this.args.length) {
					System.err.println("LoadGen: options come in pairs, --name value: " + String.join(" ", this.args));
					System.exit(2);
				}
			}
			return fallback;
		}

		int number(String name, int fallback) {
			return Integer.parseInt(text(name, String.valueOf(fallback)));
		}

		double seconds(String name, double fallback) {
			return Double.parseDouble(text(name, String.valueOf(fallback)));
		}

	}

}
