package dev.upcase.client.bench;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import dev.upcase.client.BuildVersion;
import dev.upcase.client.ClientContext;
import dev.upcase.client.ClientSettings;
import dev.upcase.client.DatagramClient;
import dev.upcase.client.ExchangeClient;
import dev.upcase.client.ExitCode;
import dev.upcase.client.OptionConverters.DurationConverter;
import dev.upcase.client.PipelinedConnection;
import dev.upcase.client.RequestStream;
import dev.upcase.framing.Framing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.springframework.integration.dsl.context.IntegrationFlowContext;

/**
 * {@code upcase client bench}: the project's load generator. Drives the server with concurrent connections,
 * checks every reply, and reports throughput and latency percentiles.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
		sortOptions = false, usageHelpAutoWidth = true,
		description = { "Load test: concurrent connections, every reply checked, latency percentiles.", "",
				"Each connection keeps --pipeline requests of --size random lowercase letters in flight, checks "
						+ "every reply byte for byte, and sends the next request: --warmup, then --duration measured. "
						+ "A progress line goes to stderr once a second, the summary to stdout.", "",
				"With --udp each connection is a UDP socket and each request a datagram; a reply not back within "
						+ "--timeout counts as lost." })
public final class BenchCommand implements Callable<Integer>, ClientSettings.Source {

	/** The {@code client} command, whose connection options bench inherits. */
	@ParentCommand
	@SuppressWarnings("NullAway.Init")
	private ClientSettings.Source client;

	@Spec
	@SuppressWarnings("NullAway.Init")
	private CommandSpec spec;

	@Option(names = "--connections", defaultValue = "4", paramLabel = "N",
			description = "concurrent connections (default: ${DEFAULT-VALUE})")
	private int connections;

	@Option(names = "--pipeline", defaultValue = "1", paramLabel = "K",
			description = "requests in flight on each connection; above 1 needs a framing that marks message ends "
					+ "(default: ${DEFAULT-VALUE})")
	private int pipeline;

	@Option(names = "--duration", defaultValue = "10s", paramLabel = "DURATION", converter = DurationConverter.class,
			description = "how long to measure (default: ${DEFAULT-VALUE})")
	private Duration duration = Duration.ofSeconds(10);

	@Option(names = "--size", defaultValue = "32", paramLabel = "BYTES",
			description = "bytes per request (default: ${DEFAULT-VALUE})")
	private int size;

	@Option(names = "--warmup", defaultValue = "2s", paramLabel = "DURATION", converter = DurationConverter.class,
			description = "how long to run before measuring (default: ${DEFAULT-VALUE})")
	private Duration warmup = Duration.ofSeconds(2);

	@Option(names = "--json", description = "print the summary as JSON")
	private boolean json;

	@Option(names = "--reconnect",
			description = "on end-of-stream, a reset or no reply within --timeout, open a new connection and send "
					+ "again every request that had no reply, as a client behind a load balancer should "
					+ "(docs/operations.md); counts reconnects, resent and unanswered requests; at the end, waits "
					+ "for the replies still owed")
	private boolean reconnect;

	@Override
	public ClientSettings settings() {
		return this.client.settings();
	}

	@Override
	public boolean udp() {
		return this.client.udp();
	}

	@Override
	public Integer call() throws InterruptedException {
		BenchPlan plan = plan();
		ClientSettings settings = settings();
		BenchSummary summary;
		if (plan.udp()) {
			// plain sockets, no Spring context: see DatagramClient for why the client's UDP is not Spring Integration
			summary = new BenchRun(seed -> new DatagramWorker(settings, plan.pipeline(),
					new NumberedRequests(plan.size(), seed)), settings, plan, System.err).run();
		}
		else {
			try (ClientContext context = ClientContext.start(settings)) {
				Supplier<RequestStream> connections = plan.pipeline() == 1
						? () -> new RequestStream.ThroughGateway(context.bean(ExchangeClient.class))
						: () -> new PipelinedConnection(context.bean(IntegrationFlowContext.class), settings,
								plan.pipeline());
				summary = new BenchRun(
						seed -> new StreamWorker(connections.get(), new RandomRequests(plan.size(), seed),
								plan.reconnect() ? settings.timeout() : null),
						settings,
						plan, System.err)
					.run();
			}
		}
		if (summary.allLost()) {
			System.err.printf("upcase: no reply from %s within %s: all %d datagrams lost%n", settings.address(),
					settings.timeoutText(), summary.lost());
		}
		System.out.print(this.json ? summary.json() + System.lineSeparator() : summary.text());
		System.out.flush();
		return (summary.clean() ? ExitCode.OK : ExitCode.BENCH_FAILED).status();
	}

	private BenchPlan plan() {
		if (this.connections < 1 || this.connections > 10_000) {
			throw new ParameterException(this.spec.commandLine(), "--connections must be 1 to 10000");
		}
		if (this.pipeline < 1 || this.pipeline > 10_000) {
			throw new ParameterException(this.spec.commandLine(), "--pipeline must be 1 to 10000");
		}
		if (this.pipeline > 1 && settings().framing() == Framing.RAW && !udp()) {
			// raw replies have no end marker: several in flight would run together
			throw new ParameterException(this.spec.commandLine(),
					"--pipeline above 1 needs a framing that marks message ends: line, crlf, length or stx-etx");
		}
		if (this.size < 1 || this.size > 64 * 1024 * 1024) {
			throw new ParameterException(this.spec.commandLine(), "--size must be 1 to 67108864 bytes");
		}
		if (udp()) {
			checkDatagrams();
		}
		if (this.reconnect && udp()) {
			throw new ParameterException(this.spec.commandLine(),
					"--reconnect is for streams: over UDP there is no connection to lose (a lost datagram is counted)");
		}
		return new BenchPlan(this.connections, this.pipeline, this.size, settings().framing(), udp(), this.warmup,
				this.duration, this.reconnect);
	}

	private void checkDatagrams() {
		if (this.size > DatagramClient.MAX_DATAGRAM_BYTES) {
			throw new ParameterException(this.spec.commandLine(), "--size must be 1 to "
					+ DatagramClient.MAX_DATAGRAM_BYTES + " bytes with --udp: a request is one datagram");
		}
		long numbers = NumberedRequests.numbers(this.size);
		if (this.pipeline > numbers) {
			throw new ParameterException(this.spec.commandLine(),
					"--pipeline must be at most " + numbers + " with --udp and --size " + this.size + ": each request "
							+ "in flight carries a number of its own in its first letters; use a larger --size");
		}
	}

}
