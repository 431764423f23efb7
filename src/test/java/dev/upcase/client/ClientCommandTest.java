package dev.upcase.client;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import dev.upcase.TestCertificates;
import dev.upcase.TestCertificates.PemFiles;
import dev.upcase.client.bench.BenchCommand;
import dev.upcase.framing.Framing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line as picocli reads it: defaults that match the server's, values written the server's way, and
 * usage errors before anything starts.
 */
class ClientCommandTest {

	@Test
	void defaultsMatchTheServersDefaults() {
		ClientSettings settings = parse();
		assertThat(settings).isEqualTo(new ClientSettings("127.0.0.1", 8000, Framing.RAW, Duration.ofSeconds(10),
				StandardCharsets.UTF_8, false));
	}

	@Test
	void optionsTakeTheServersSpelling() {
		ClientSettings settings = parse("--host", "example.test", "--port", "9000", "--framing", "stx-etx",
				"--timeout", "500ms", "--charset", "ISO-8859-1", "--verbose");
		assertThat(settings).isEqualTo(new ClientSettings("example.test", 9000, Framing.STX_ETX,
				Duration.ofMillis(500), StandardCharsets.ISO_8859_1, true));
		assertThat(settings.timeoutText()).isEqualTo("500ms");
		assertThat(parse("--timeout", "1m").timeout()).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void benchInheritsTheConnectionOptionsOnEitherSide() {
		CommandLine commandLine = ClientCli.commandLine();
		CommandLine.ParseResult result = commandLine.parseArgs("--port", "9001", "bench", "--framing", "line");
		BenchCommand bench = (BenchCommand) result.subcommand().commandSpec().userObject();
		assertThat(bench.settings().port()).isEqualTo(9001);
		assertThat(bench.settings().framing()).isEqualTo(Framing.LINE);
		assertThat(bench.udp()).isFalse();
		for (String[] udp : new String[][] { { "--udp", "bench" }, { "bench", "--udp" } }) {
			CommandLine.ParseResult parsed = ClientCli.commandLine().parseArgs(udp);
			assertThat(((BenchCommand) parsed.subcommand().commandSpec().userObject()).udp()).as(String.join(" ", udp))
				.isTrue();
		}
	}

	@Test
	void messageMaySayBenchWhichIsAlsoTheSubcommandsName() {
		for (String[] args : new String[][] { { "--message", "bench" }, { "--message=bench" },
				{ "--port", "9000", "--message", "bench", "--framing", "line" } }) {
			CommandLine commandLine = ClientCli.commandLine();
			CommandLine.ParseResult result = commandLine.parseArgs(args);
			assertThat(result.subcommand()).as(String.join(" ", args)).isNull();
			assertThat(result.matchedOptionValue("--message", "")).isEqualTo("bench");
		}
		CommandLine.ParseResult bench = ClientCli.commandLine().parseArgs("bench", "--duration", "1s");
		assertThat(bench.subcommand()).isNotNull();
	}

	@Test
	void badValuesAreUsageErrorsThatSayWhatIsAccepted() {
		assertThat(usageError("--framing", "morse")).contains("'morse' is not a framing; choose one of raw, line, crlf, length, stx-etx");
		assertThat(usageError("--timeout", "10")).contains("'10' is not a duration; write it like 500ms, 10s or 1m");
		assertThat(usageError("--timeout", "0s")).contains("'0s' must be longer than zero");
		assertThat(usageError("--port", "70000", "hi")).contains("--port must be 1 to 65535, not 70000");
		assertThat(usageError("--charset", "UTF-16", "hi"))
			.contains("--charset UTF-16 is not accepted: it must be an ASCII-compatible, stateless charset");
		assertThat(usageError("--message", "one", "two")).contains("either with --message or as arguments, not both");
		assertThat(usageError("bench", "--connections", "0")).contains("--connections must be 1 to 10000");
		assertThat(usageError("bench", "--pipeline", "4"))
			.contains("--pipeline above 1 needs a framing that marks message ends: line, crlf, length or stx-etx");
	}

	@Test
	void tlsOptionsImplyTlsAndUnixReplacesHostAndPort(@TempDir Path dir) {
		PemFiles pem = TestCertificates.create(dir);
		assertThat(parse().tls()).isNull();
		assertThat(parse("--tls").tls()).isEqualTo(new ClientTls(null, null, null));
		assertThat(parse("--ca", pem.caCert().toString()).tls()).isEqualTo(new ClientTls(pem.caCert(), null, null));
		ClientSettings identified = parse("--host", "localhost", "--cert", pem.clientCert().toString(), "--key",
				pem.clientKey().toString());
		assertThat(identified.tls()).isEqualTo(new ClientTls(null, pem.clientCert(), pem.clientKey()));
		assertThat(identified.address()).isEqualTo("localhost:8000");
		ClientSettings unix = parse("--unix", "/run/upcase/upcase.sock");
		assertThat(unix.unixSocket()).isEqualTo(Path.of("/run/upcase/upcase.sock"));
		assertThat(unix.tls()).isNull();
		assertThat(unix.address()).isEqualTo("/run/upcase/upcase.sock");
	}

	@Test
	void aKeyPasswordIsNeverShownInTheSettings() {
		assertThat(new ClientTls(null, Path.of("me.crt"), Path.of("me.key"), "s3cret").toString())
			.doesNotContain("s3cret")
			.contains("keyPassword=******");
	}

	@Test
	void badTlsAndUnixOptionsAreUsageErrors(@TempDir Path dir) {
		PemFiles pem = TestCertificates.create(dir);
		assertThat(usageError("--cert", pem.clientCert().toString(), "hi"))
			.contains("--cert and --key go together: give both or neither");
		assertThat(usageError("--ca", pem.clientKey().toString(), "hi"))
			.contains("--ca " + pem.clientKey() + " is not a PEM file of the right kind: Missing certificates");
		assertThat(usageError("--cert", pem.clientCert().toString(), "--key", pem.clientCert().toString(), "hi"))
			.contains("--key " + pem.clientCert() + " is not a PEM file of the right kind: Missing private key");
		assertThat(usageError("--key-password", "s3cret", "hi")).contains("--key-password goes with --key: the key it opens");
		assertThat(usageError("--ca", dir.resolve("missing.pem").toString(), "hi"))
			.contains("--ca " + dir.resolve("missing.pem") + ": cannot read it (java.nio.file.NoSuchFileException");
		for (String other : new String[] { "--host=localhost", "--port=8000", "--tls", "--ca=" + pem.caCert() }) {
			assertThat(usageError("--unix", "/run/upcase/upcase.sock", other, "hi")).as(other)
				.contains("--unix is a local socket, without TLS: give it without --host, --port, --tls, --ca, --cert or --key");
		}
		assertThat(usageError("bench", "--unix", "/run/upcase/upcase.sock", "--port", "9000"))
			.contains("--unix is a local socket");
		for (String other : new String[] { "--tls", "--unix=/run/upcase/upcase.sock" }) {
			assertThat(usageError("--udp", other, "hi")).as(other)
				.contains("--udp is plain UDP to --host and --port: not with --tls, --ca, --cert, --key or --unix");
			assertThat(usageError("--udp", "bench", other)).as(other).contains("--udp is plain UDP");
		}
	}

	@Test
	void benchOverUdpTakesDatagramSizesAndNoFraming() {
		assertThat(usageError("bench", "--udp", "--framing", "line"))
			.contains("--framing does not apply to --udp: a datagram is one message");
		assertThat(usageError("bench", "--udp", "--size", "65508"))
			.contains("--size must be 1 to 65507 bytes with --udp: a request is one datagram");
		// a 1-letter request carries one of 26 numbers, 2 letters one of 676: each request in flight needs its own
		assertThat(usageError("bench", "--udp", "--size", "1", "--pipeline", "27"))
			.contains("--pipeline must be at most 26 with --udp and --size 1");
		assertThat(usageError("bench", "--udp", "--size", "2", "--pipeline", "677"))
			.contains("--pipeline must be at most 676 with --udp and --size 2");
	}

	@Test
	void helpListsTheOptionsAndTheExitCodes() {
		StringWriter out = new StringWriter();
		CommandLine commandLine = ClientCli.commandLine();
		commandLine.setOut(new PrintWriter(out));
		assertThat(commandLine.execute("--help")).isZero();
		assertThat(out.toString()).startsWith("Usage: upcase client")
			.contains("--host=HOST", "--port=PORT", "--framing=FRAMING", "--timeout=DURATION", "--charset=CHARSET",
					"--verbose", "--message=TEXT", "bench", "--tls", "--ca=PEM", "--cert=PEM", "--key=PEM", "--unix=PATH");
		for (ExitCode code : ExitCode.values()) {
			assertThat(out.toString()).containsPattern("\\n +" + code.status() + " +" + java.util.regex.Pattern.quote(code.meaning()));
		}
	}

	private static ClientSettings parse(String... args) {
		CommandLine commandLine = ClientCli.commandLine();
		commandLine.parseArgs(args);
		return ((ClientCommand) commandLine.getCommand()).settings();
	}

	private static String usageError(String... args) {
		StringWriter err = new StringWriter();
		CommandLine commandLine = ClientCli.commandLine();
		commandLine.setErr(new PrintWriter(err));
		assertThat(commandLine.execute(args)).as(err.toString()).isEqualTo(ExitCode.USAGE.status());
		return err.toString();
	}

}
