package dev.upcase.client.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;

import dev.upcase.client.ClientFailure;
import dev.upcase.client.ClientSettings;
import dev.upcase.client.Durations;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * One bench run: a worker thread per connection ({@link BenchWorker}: a stream or a UDP socket) keeps its
 * connection's window of requests in flight, checks each reply byte for byte and sends the next request, for the
 * warm-up and then the measured duration; once a second a progress line goes to stderr.
 * <p>
 * A closed loop: latency is the time from sending a request to having its reply, and throughput is what that
 * allows. Every worker connects before the clock starts; a server that cannot be reached fails the run with the
 * connection error.
 */
final class BenchRun implements BenchWorker.Outcomes {

	private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

	private final LongFunction<BenchWorker> workers;

	private final ClientSettings settings;

	private final BenchPlan plan;

	private final PrintStream stderr;

	private final Recorder latencies = new Recorder(3);

	private final LongAdder errors = new LongAdder();

	private final LongAdder mismatches = new LongAdder();

	private final LongAdder lost = new LongAdder();

	private final LongAdder answeredAll = new LongAdder();

	private final LongAdder reconnects = new LongAdder();

	private final LongAdder resent = new LongAdder();

	private final LongAdder unanswered = new LongAdder();

	private final AtomicReference<@Nullable RuntimeException> firstError = new AtomicReference<>();

	private volatile boolean running = true;

	private volatile boolean measuring;

	/**
	 * @param workers makes a worker, not yet connected, from its number (on the worker's thread; the number seeds
	 * the worker's random requests)
	 */
	BenchRun(LongFunction<BenchWorker> workers, ClientSettings settings, BenchPlan plan, PrintStream stderr) {
		this.workers = workers;
		this.settings = settings;
		this.plan = plan;
		this.stderr = stderr;
	}

	BenchSummary run() throws InterruptedException {
		ExecutorService workers = Executors.newFixedThreadPool(this.plan.connections(), workerThreads());
		try {
			CountDownLatch connected = new CountDownLatch(this.plan.connections());
			for (int i = 0; i < this.plan.connections(); i++) {
				long seed = i;
				workers.execute(() -> work(seed, connected));
			}
			connected.await();
			RuntimeException connectFailure = this.firstError.get();
			if (connectFailure != null) {
				throw connectFailure;
			}
			this.stderr.printf(Locale.ROOT, "bench: %d %s open, warming up for %s%n", this.plan.connections(),
					this.plan.udp() ? "UDP sockets" : "connections", Durations.text(this.plan.warmup()));
			Thread.sleep(this.plan.warmup().toMillis());
			return measure(workers);
		}
		finally {
			stop(workers);
		}
	}

	/** Lets every worker finish the request it is waiting for, and waits for that. */
	private void stop(ExecutorService workers) throws InterruptedException {
		this.running = false;
		workers.shutdown();
		workers.awaitTermination(this.settings.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
	}

	private BenchSummary measure(ExecutorService workers) throws InterruptedException {
		Histogram total = new Histogram(3);
		this.latencies.reset();
		this.measuring = true;
		long start = System.nanoTime();
		long end = start + this.plan.duration().toNanos();
		for (long now = start; now < end; now = System.nanoTime()) {
			TimeUnit.NANOSECONDS.sleep(Math.min(PROGRESS_EVERY.toNanos(), end - now));
			Histogram interval = this.latencies.getIntervalHistogram();
			total.add(interval);
			progress(Duration.ofNanos(System.nanoTime() - start), interval);
		}
		this.measuring = false;
		Duration measured = Duration.ofNanos(System.nanoTime() - start);
		stop(workers);
		total.add(this.latencies.getIntervalHistogram()); // what was recorded since the last progress line
		BenchSummary summary = BenchSummary.of(this.plan, measured, total, this.errors.sum(), this.mismatches.sum(),
				this.lost.sum());
		return this.plan.reconnect() ? summary.with(new BenchSummary.Reconnects(this.reconnects.sum(),
				this.resent.sum(), this.unanswered.sum(), this.answeredAll.sum(),
				this.plan.connections() + this.reconnects.sum())) : summary;
	}

	private void progress(Duration elapsed, Histogram interval) {
		double intervalSeconds = (interval.getEndTimeStamp() - interval.getStartTimeStamp()) / 1000.0;
		this.stderr.printf(Locale.ROOT,
				"bench: %5.1f s  %,9.0f req/s  p50 %,d us  p99 %,d us  errors %d  mismatches %d%s%s%n",
				elapsed.toMillis() / 1000.0, intervalSeconds > 0 ? interval.getTotalCount() / intervalSeconds : 0.0,
				interval.getValueAtPercentile(50), interval.getValueAtPercentile(99), this.errors.sum(),
				this.mismatches.sum(), this.plan.udp() ? "  lost " + this.lost.sum() : "",
				this.plan.reconnect() ? "  reconnects " + this.reconnects.sum() + "  resent " + this.resent.sum() : "");
	}

	private void work(long seed, CountDownLatch connected) {
		BenchWorker worker = connect(seed, connected);
		if (worker == null) {
			return;
		}
		try (worker) {
			worker.drive(this);
		}
		catch (RuntimeException ex) {
			// this worker's connection is gone: count it, say why once, and stop this worker
			this.errors.increment();
			if (this.firstError.compareAndSet(null, ex)) {
				ClientFailure.report(ex, this.settings, this.stderr);
			}
		}
	}

	/** @return the worker, connected; {@code null} when it could not connect (the run then fails with why) */
	private @Nullable BenchWorker connect(long seed, CountDownLatch connected) {
		BenchWorker worker = null;
		try {
			worker = this.workers.apply(seed);
			worker.connect();
			return worker;
		}
		catch (RuntimeException ex) {
			this.firstError.compareAndSet(null, ex);
			if (worker != null) {
				worker.close();
			}
			return null;
		}
		finally {
			connected.countDown();
		}
	}

	@Override
	public boolean running() {
		return this.running;
	}

	@Override
	public void answered(long sentNanoTime) {
		this.answeredAll.increment();
		if (this.measuring) {
			this.latencies.recordValue((System.nanoTime() - sentNanoTime) / 1000);
		}
	}

	@Override
	public void mismatch() {
		this.mismatches.increment();
	}

	@Override
	public void lost() {
		this.lost.increment();
	}

	@Override
	public void reconnected() {
		this.reconnects.increment();
	}

	@Override
	public void resent() {
		this.resent.increment();
	}

	@Override
	public void unanswered(int requests) {
		this.unanswered.add(requests);
	}

	private static ThreadFactory workerThreads() {
		AtomicInteger count = new AtomicInteger();
		return runnable -> {
			Thread thread = new Thread(runnable, "bench-worker-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
