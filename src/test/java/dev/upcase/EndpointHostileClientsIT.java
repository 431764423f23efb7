package dev.upcase;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLContext;

import dev.upcase.TestCertificates.PemFiles;
import dev.upcase.framing.Framing;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile clients of {@link HostileClientsIT} and {@link BadInputIT}, over the other stream endpoints — TLS and
 * the Unix-domain socket (TLS on each engine): a reset in the middle of a message, a length announced and never sent, a half-close
 * followed by slow reading, a client that stops reading, a 60 MB line, bytes that are not UTF-8. The same decoders
 * and limits sit behind the TLS layer and the Unix socket; these tests show that what is in front of them changes
 * none of the outcomes: each is logged once with its endpoint, counted under it, and nobody else notices.
 */
@ExtendWith(OutputCaptureExtension.class)
class EndpointHostileClientsIT {

	@TempDir
	static Path dir;

	private static PemFiles pem;

	private static SSLContext tls;

	/**
	 * By TLS engine: line framing, TLS on the TCP port, a Unix socket beside it, a short write timeout for the slow
	 * readers.
	 */
	private static final Map<String, Endpoints> servers = new HashMap<>();

	enum Endpoint {

		/** TLS on the JDK's engine (the default). */
		TLS("tls", "jdk"),

		/** TLS on BoringSSL ({@code upcase.tcp.ssl.engine=openssl}). */
		TLS_BORINGSSL("tls", "openssl"),

		UNIX("unix", "jdk");

		private final String tag;

		private final String engine;

		Endpoint(String tag, String engine) {
			this.tag = tag;
			this.engine = engine;
		}

		String tag() {
			return this.tag;
		}

	}

	@BeforeAll
	static void start() {
		pem = TestCertificates.create(dir);
		tls = TlsClientContexts.trusting(pem.caCert());
	}

	@AfterAll
	static void stop() {
		servers.values().forEach(Endpoints::close);
		servers.clear();
	}

	private static Endpoints server(Endpoint endpoint) {
		return servers.computeIfAbsent(endpoint.engine,
				engine -> Endpoints.start("line", endpoint, "--upcase.tcp.write-timeout=2s"));
	}

	/**
	 * Clients that answered a whole message, then leave in the middle of the next one — for TLS a TCP reset under
	 * the TLS stream (no close_notify), for the Unix socket a close (it has no reset): one close line each, counted
	 * as the client's doing, no stack trace, and a client beside them goes on.
	 */
	@ParameterizedTest
	@EnumSource
	void clientsThatLeaveInTheMiddleOfAMessageCostOneLineEachAndDisturbNoOne(Endpoint endpoint, CapturedOutput output) {
		Endpoints server = server(endpoint);
		double before = closed(server, endpoint, "client");
		try (Opened healthy = server.open(endpoint, 0)) {
			assertThat(healthy.client().exchangeLine("before")).isEqualTo("BEFORE");
			for (int i = 0; i < 10; i++) {
				try (Opened leaving = server.open(endpoint, 0)) {
					assertThat(leaving.client().exchangeLine("whole " + i)).isEqualTo("WHOLE " + i);
					leaving.client().write("x".repeat(32 * 1024)); // half of a message: no end of line yet
					leaving.abort();
				}
			}
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> closed(server, endpoint, "client") == before + 10);
			assertThat(healthy.client().exchangeLine("after")).isEqualTo("AFTER");
		}
		assertThat(closeLines(output, endpoint, "closed (client")).hasSizeGreaterThanOrEqualTo(10)
			.noneMatch(line -> line.contains("(..) failed")); // what happened, not which system call saw it
		assertThat(output.getOut()).doesNotContain("\tat ").doesNotContain(" ERROR ");
	}

	/**
	 * Length headers that announce 64 KiB, and nothing after them: the server holds the four bytes that came, not a
	 * buffer of the announced size, serves others meanwhile, and closes the stalled ones at the idle timeout.
	 */
	@ParameterizedTest
	@EnumSource
	void lengthHeadersThatAnnounceMuchAndStallHoldOnlyTheirBytesUntilTheIdleTimeout(Endpoint endpoint) {
		int stalledCount = 100;
		try (Endpoints length = Endpoints.start("length", endpoint, "--upcase.tcp.idle-timeout=3s")) {
			List<Opened> stalled = new ArrayList<>();
			try {
				for (int i = 0; i < stalledCount; i++) {
					Opened opened = length.open(endpoint, 0);
					stalled.add(opened);
					opened.client().write(new byte[] { 0, 1, 0, 0 }); // 65,536 bytes announced, none sent
				}
				Awaitility.await().atMost(Duration.ofSeconds(30))
					.until(() -> metric(length, "upcase.requests.buffered") == stalledCount * 4);
				try (Opened healthy = length.open(endpoint, 0)) {
					healthy.client().write(Wire.frame(Framing.LENGTH, "still served".getBytes(StandardCharsets.UTF_8)));
					assertThat(new String(Wire.readReply(Framing.LENGTH, healthy.client(), 12), StandardCharsets.UTF_8))
						.isEqualTo("STILL SERVED");
				}
				Awaitility.await().atMost(Duration.ofSeconds(30))
					.until(() -> closed(length, endpoint, "idle") >= stalledCount);
				assertThat(metric(length, "upcase.requests.buffered")).isZero();
				assertThat(metric(length, "upcase.connections.active", "endpoint:" + endpoint.tag())).isZero();
			}
			finally {
				stalled.forEach(Opened::close);
			}
		}
	}

	/**
	 * A backlog of requests, a half-close, then slow reading through a small receive buffer: every reply arrives,
	 * and the server does not spin on the ended input while it waits to write the rest.
	 */
	@ParameterizedTest
	@EnumSource(names = { "TLS", "UNIX" }) // BoringSSL ends the connection at a close_notify: TlsEngineIT
	void halfCloseThenReadSlowlyGetsEveryReplyWithoutTheServerSpinning(Endpoint endpoint) throws Exception {
		Endpoints server = server(endpoint);
		byte[] requests = HostileClientsIT.lines(50_000, "request number ");
		try (Opened opened = server.open(endpoint, 8192)) {
			TcpTestClient client = opened.client();
			Thread writer = new Thread(() -> {
				client.write(requests);
				client.shutdownOutput();
			}, "backlog-then-half-close");
			writer.start();
			InputStream in = client.input();
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			assertThat(HostileClientsIT.readSlowly(in, received))
				.as("event loop CPU while the client reads slowly (1.0 = a whole core)")
				.isLessThan(0.5);
			received.write(in.readAllBytes()); // the rest, then the server's close
			writer.join(10_000);
			assertThat(received.toString(StandardCharsets.US_ASCII))
				.isEqualTo(new String(requests, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT));
		}
	}

	/**
	 * A client that sends and never reads, through a small receive buffer: its replies pile up at the server, which
	 * stops reading it and closes it at the write timeout; a client beside it is served all along.
	 */
	@ParameterizedTest
	@EnumSource
	void aClientThatStopsReadingIsClosedAsSlowAndOthersGoOn(Endpoint endpoint, CapturedOutput output) throws Exception {
		Endpoints server = server(endpoint);
		double before = closed(server, endpoint, "slow");
		byte[] request = ("x".repeat(16 * 1024) + "\n").getBytes(StandardCharsets.US_ASCII);
		try (Opened deaf = server.open(endpoint, 4096)) {
			Thread flood = TcpTestClient.floodWithoutReading(deaf.client().output(), request, 2000); // 32 MB
			try (Opened healthy = server.open(endpoint, 0)) {
				for (int i = 0; i < 50; i++) {
					assertThat(healthy.client().exchangeLine("meanwhile " + i)).isEqualTo("MEANWHILE " + i);
				}
			}
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> closed(server, endpoint, "slow") == before + 1);
			assertThat(closeLines(output, endpoint, "closed (slow: took no reply bytes for 2s")).hasSize(1);
			assertThat(output.getOut()).as("one line for the close: TLS's goodbye does not wait behind the replies")
				.doesNotContain("force-closing");
			flood.join(10_000);
			assertThat(flood.isAlive()).as("the flood ended with its connection").isFalse();
		}
	}

	/**
	 * A 60 MB line against the 64 KiB limit: the server reads no further than the limit, closes that connection as
	 * oversize with a warning naming the limit, and serves the client beside it before and after.
	 */
	@ParameterizedTest
	@EnumSource
	void aSixtyMegabyteLineIsClosedAsOversizeAndOthersGoOn(Endpoint endpoint, CapturedOutput output) {
		Endpoints server = server(endpoint);
		double before = closed(server, endpoint, "oversize");
		byte[] megabyte = new byte[1024 * 1024];
		Arrays.fill(megabyte, (byte) 'x');
		try (Opened healthy = server.open(endpoint, 0); Opened flood = server.open(endpoint, 0)) {
			assertThat(healthy.client().exchangeLine("before")).isEqualTo("BEFORE");
			int written = 0;
			try {
				OutputStream out = flood.client().output();
				for (; written < 60; written++) {
					out.write(megabyte);
				}
			}
			catch (IOException ex) {
				// the server closed the connection while we were still writing: expected
			}
			assertThat(flood.client().closedByServer()).as("closed after %d MB written", written).isTrue();
			Awaitility.await().atMost(Duration.ofSeconds(10))
				.until(() -> closed(server, endpoint, "oversize") == before + 1);
			assertThat(closeLines(output, endpoint, "closed (oversize: message over the limit of 65536 bytes"))
				.hasSize(1);
			assertThat(healthy.client().exchangeLine("after")).isEqualTo("AFTER");
		}
	}

	/** Bytes that are not UTF-8, and binary ones, come back as they were around the uppercased text. */
	@ParameterizedTest
	@EnumSource
	void invalidUtf8AndBinaryBytesComeBackUnchangedAroundUppercasedText(Endpoint endpoint) {
		Endpoints server = server(endpoint);
		byte[] request = { 'a', (byte) 0xff, (byte) 0xc3, 'b', 0x00, (byte) 0x80, 'c', '\n' };
		try (Opened opened = server.open(endpoint, 0)) {
			opened.client().write(request);
			assertThat(opened.client().readExactly(request.length))
				.containsExactly('A', 0xff, 0xc3, 'B', 0x00, 0x80, 'C', '\n');
		}
	}

	private static double closed(Endpoints server, Endpoint endpoint, String reason) {
		return metric(server, "upcase.connections.closed", "endpoint:" + endpoint.tag(), "reason:" + reason);
	}

	private static double metric(Endpoints server, String name, String... tags) {
		return FaultToleranceIT.metric(server.upcase(), name, tags);
	}

	private static List<String> closeLines(CapturedOutput output, Endpoint endpoint, String text) {
		return output.getOut().lines().filter(l -> l.contains(text) && l.contains(" on " + endpoint.tag() + ")")).toList();
	}

	/** A server with TLS on its TCP port and a Unix socket beside it. */
	private record Endpoints(UpcaseServer upcase, Path socket) implements AutoCloseable {

		/** @param endpoint says which TLS engine to use */
		static Endpoints start(String framing, Endpoint endpoint, String... more) {
			Path socket = dir.resolve(framing + "-" + endpoint.engine + ".sock");
			List<String> arguments = new ArrayList<>(pem.serverBundleArguments("upcase"));
			arguments.addAll(List.of("--upcase.tcp.framing=" + framing, "--upcase.tcp.ssl.bundle=upcase",
					"--upcase.tcp.ssl.engine=" + endpoint.engine, "--upcase.unix.path=" + socket));
			arguments.addAll(List.of(more));
			return new Endpoints(UpcaseServer.start(arguments.toArray(String[]::new)), socket);
		}

		/** @param receiveBufferBytes the client's receive buffer, or 0 for the system's default */
		Opened open(Endpoint endpoint, int receiveBufferBytes) {
			if (endpoint == Endpoint.UNIX) {
				return new Opened(TcpTestClient.unix(this.socket, receiveBufferBytes), null);
			}
			try {
				Socket tcp = new Socket();
				if (receiveBufferBytes > 0) {
					tcp.setReceiveBufferSize(receiveBufferBytes);
				}
				tcp.connect(new InetSocketAddress("127.0.0.1", this.upcase.tcpPort()));
				return new Opened(new TcpTestClient(
						tls.getSocketFactory().createSocket(tcp, "127.0.0.1", this.upcase.tcpPort(), true)), tcp);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		public void close() {
			this.upcase.close();
		}

	}

	/** A client, and for TLS the TCP socket under it: to reset that one, without TLS's goodbye. */
	private record Opened(TcpTestClient client, @Nullable Socket tcp) implements AutoCloseable {

		void abort() {
			if (this.tcp == null) {
				this.client.reset();
				return;
			}
			try {
				this.tcp.setSoLinger(true, 0);
				this.tcp.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		public void close() {
			try {
				this.client.close();
			}
			catch (UncheckedIOException ex) {
				// aborted already, or closed by the server
			}
		}

	}

}
