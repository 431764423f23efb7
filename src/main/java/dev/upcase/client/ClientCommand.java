package dev.upcase.client;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import dev.upcase.client.OptionConverters.DurationConverter;
import dev.upcase.client.OptionConverters.FramingConverter;
import dev.upcase.client.OptionConverters.FramingNames;
import dev.upcase.client.bench.BenchCommand;
import dev.upcase.framing.Framing;
import dev.upcase.framing.WireCharsets;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import org.springframework.integration.dsl.context.IntegrationFlowContext;

/**
 * {@code upcase client}: one message from the command line, lines from a pipe, or a prompt at a terminal. The
 * connection options are inherited by {@code bench}.
 */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
		subcommands = BenchCommand.class, sortOptions = false, usageHelpAutoWidth = true,
		description = "Sends messages to an upcase server and prints its replies, uppercased.",
		footerHeading = "%nModes:%n",
		footer = { "  upcase client                     a >>: prompt (at a terminal)",
				"  upcase client < in.txt > out.txt  a reply line per line (use --framing line)",
				"  upcase client hello world         one message, its reply",
				"  upcase client bench --help        the load test" })
final class ClientCommand implements Callable<Integer>, ClientSettings.Source {

	private static final String DEFAULT_HOST = "127.0.0.1";

	private static final int DEFAULT_PORT = 8000;

	@Spec
	@SuppressWarnings("NullAway.Init")
	private CommandSpec spec;

	// no default values in the annotations: --unix must know whether --host or --port were given
	@Option(names = "--host", scope = ScopeType.INHERIT, paramLabel = "HOST",
			description = "server host name or address (default: " + DEFAULT_HOST + ")")
	private @Nullable String host;

	@Option(names = "--port", scope = ScopeType.INHERIT, paramLabel = "PORT",
			description = "server TCP port (default: " + DEFAULT_PORT + ")")
	private @Nullable Integer port;

	@Option(names = "--tls", scope = ScopeType.INHERIT,
			description = "TLS to the server's TLS port; its certificate must be for HOST and signed by a trusted CA")
	private boolean tls;

	@Option(names = "--ca", scope = ScopeType.INHERIT, paramLabel = "PEM",
			description = "trust the CA certificate(s) in this PEM file instead of the JDK's trusted CAs; implies --tls")
	private @Nullable Path ca;

	@Option(names = "--cert", scope = ScopeType.INHERIT, paramLabel = "PEM",
			description = "the client's certificate (PEM) for a server that asks for one; with --key; implies --tls")
	private @Nullable Path cert;

	@Option(names = "--key", scope = ScopeType.INHERIT, paramLabel = "PEM",
			description = "the private key of --cert, a PEM file (an encrypted one with --key-password)")
	private @Nullable Path key;

	@Option(names = "--key-password", scope = ScopeType.INHERIT, paramLabel = "PASSWORD", arity = "0..1",
			interactive = true, prompt = "Password of --key: ", defaultValue = "${env:UPCASE_KEY_PASSWORD}",
			description = "the password of an encrypted --key; without a value it is asked for on the terminal "
					+ "(not echoed); default: the environment variable UPCASE_KEY_PASSWORD")
	private @Nullable String keyPassword;

	@Option(names = "--unix", scope = ScopeType.INHERIT, paramLabel = "PATH",
			description = "the server's Unix domain socket (upcase.unix.path), instead of --host and --port")
	private @Nullable Path unix;

	@Option(names = "--framing", defaultValue = "raw", scope = ScopeType.INHERIT, paramLabel = "FRAMING",
			converter = FramingConverter.class, completionCandidates = FramingNames.class,
			description = "where a message ends, as the server's upcase.tcp.framing: ${COMPLETION-CANDIDATES} "
					+ "(default: ${DEFAULT-VALUE})")
	private Framing framing = Framing.RAW;

	@Option(names = "--timeout", defaultValue = "10s", scope = ScopeType.INHERIT, paramLabel = "DURATION",
			converter = DurationConverter.class,
			description = "longest wait for the connection and for each reply, e.g. 500ms, 5s (default: ${DEFAULT-VALUE})")
	private Duration timeout = Duration.ofSeconds(10);

	@Option(names = "--charset", defaultValue = "UTF-8", scope = ScopeType.INHERIT, paramLabel = "CHARSET",
			description = "text encoding, as the server's upcase.tcp.charset (default: ${DEFAULT-VALUE})")
	private Charset charset = StandardCharsets.UTF_8;

	@Option(names = "--verbose", scope = ScopeType.INHERIT,
			description = "stack traces and debug logging on stderr")
	private boolean verbose;

	@Option(names = "--udp", scope = ScopeType.INHERIT,
			description = "each message one UDP datagram, to the server's upcase.udp endpoint "
					+ "(--port is then its UDP port; no --framing: a datagram is one message)")
	private boolean udp;

	@Option(names = "--message", paramLabel = "TEXT", description = "send TEXT, print its reply, exit")
	private @Nullable String message;

	@Parameters(paramLabel = "WORDS", arity = "0..*",
			description = "the same as --message with the words joined by spaces")
	private List<String> words = List.of();

	@Override
	public boolean udp() {
		return this.udp;
	}

	@Override
	public ClientSettings settings() {
		// first: checking the TLS files loads Spring Boot classes whose loggers would configure Logback its own way
		ClientLogging.configure(this.verbose);
		int port = (this.port != null) ? this.port : DEFAULT_PORT;
		if (port < 1 || port > 65535) {
			throw new ParameterException(this.spec.commandLine(), "--port must be 1 to 65535, not " + port);
		}
		if (!WireCharsets.isSupported(this.charset)) {
			throw new ParameterException(this.spec.commandLine(),
					"--charset " + this.charset + " is not accepted: it must be " + WireCharsets.RULE);
		}
		ClientTls tls = tlsSettings();
		if (this.unix != null && (this.host != null || this.port != null || tls != null)) {
			throw new ParameterException(this.spec.commandLine(),
					"--unix is a local socket, without TLS: give it without --host, --port, --tls, --ca, --cert or --key");
		}
		if (this.udp && (tls != null || this.unix != null)) {
			throw new ParameterException(this.spec.commandLine(),
					"--udp is plain UDP to --host and --port: not with --tls, --ca, --cert, --key or --unix");
		}
		if (this.udp && this.framing != Framing.RAW) {
			throw new ParameterException(this.spec.commandLine(),
					"--framing does not apply to --udp: a datagram is one message");
		}
		return new ClientSettings((this.host != null) ? this.host : DEFAULT_HOST, port, this.framing, this.timeout,
				this.charset, this.verbose, tls, this.unix);
	}

	/** @return TLS as the options ask for it, its files checked; {@code null} for plain TCP */
	private @Nullable ClientTls tlsSettings() {
		if ((this.cert == null) != (this.key == null)) {
			throw new ParameterException(this.spec.commandLine(), "--cert and --key go together: give both or neither");
		}
		if (this.keyPassword != null && this.key == null && !isKeyPasswordFromTheEnvironment()) {
			throw new ParameterException(this.spec.commandLine(), "--key-password goes with --key: the key it opens");
		}
		if (!this.tls && this.ca == null && this.cert == null) {
			return null;
		}
		ClientTls tls = new ClientTls(this.ca, this.cert, this.key, (this.key != null) ? this.keyPassword : null);
		try {
			tls.sslContext();
		}
		catch (IllegalArgumentException ex) {
			throw new ParameterException(this.spec.commandLine(), ex.getMessage());
		}
		return tls;
	}

	/** The environment's password is a default for every run: only a password given here must come with --key. */
	private boolean isKeyPasswordFromTheEnvironment() {
		return this.spec.commandLine().getParseResult().matchedOption("--key-password") == null;
	}

	@Override
	public Integer call() throws IOException {
		ClientSettings settings = settings();
		String oneShot = oneShotMessage();
		if (this.udp) {
			return DatagramMode.run(settings, oneShot, stdout()).status();
		}
		try (ClientContext context = ClientContext.start(settings)) {
			ExchangeClient client = context.bean(ExchangeClient.class);
			if (oneShot != null) {
				OutputStream stdout = stdout();
				stdout.write(client.exchange(oneShot.getBytes(settings.charset())));
				stdout.write('\n');
				stdout.flush();
				return ExitCode.OK.status();
			}
			if (InteractiveSession.terminalAttached()) {
				client.connect();
				return new InteractiveSession(client, settings, System.err).run().status();
			}
			if (settings.framing() == Framing.RAW) {
				client.connect();
				new PipeSession(client).run(System.in, stdout());
				return ExitCode.OK.status();
			}
			// a framing that marks where each message ends: stream the lines, no round trip per line
			try (PipelinedConnection connection = new PipelinedConnection(context.bean(IntegrationFlowContext.class),
					settings, PipelinedPipeSession.WINDOW)) {
				new PipelinedPipeSession(connection).run(System.in, stdout());
			}
			return ExitCode.OK.status();
		}
	}

	/** Replies are bytes, written as the server sent them: not through {@code System.out}'s text encoding. */
	private static OutputStream stdout() {
		return new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
	}

	private @Nullable String oneShotMessage() {
		if (this.message != null && !this.words.isEmpty()) {
			throw new ParameterException(this.spec.commandLine(),
					"give the message either with --message or as arguments, not both");
		}
		return this.message != null ? this.message : this.words.isEmpty() ? null : String.join(" ", this.words);
	}

}
