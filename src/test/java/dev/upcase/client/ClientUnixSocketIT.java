package dev.upcase.client;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import dev.upcase.UpcaseServer;
import dev.upcase.client.ClientProcess.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.upcase.client.ClientModesIT.bytes;
import static dev.upcase.client.ClientTlsIT.assertFailure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real CLI with {@code --unix} against the real server's Unix domain socket ({@code upcase.unix.path}): every
 * mode, and the ways a socket file can be missing or dead.
 */
class ClientUnixSocketIT {

	@TempDir
	static Path dir;

	private static UpcaseServer lineServer;

	private static UpcaseServer rawServer;

	@BeforeAll
	static void startServers() {
		lineServer = UpcaseServer.start("--upcase.tcp.framing=line", "--upcase.unix.path=" + dir.resolve("line.sock"));
		rawServer = UpcaseServer.start("--upcase.unix.path=" + dir.resolve("raw.sock"));
	}

	@AfterAll
	static void stopServers() {
		lineServer.close();
		rawServer.close();
	}

	@Test
	void oneShotAndRawPipe() {
		Result oneShot = ClientProcess.run("--unix", socket("raw"), "straße bith");
		assertThat(oneShot.exitCode()).as(oneShot.stderr()).isZero();
		assertThat(oneShot.stdout()).isEqualTo("STRASSE BITH\n");
		assertThat(oneShot.stderr()).isEmpty();

		Result pipe = ClientProcess.run(bytes("one\ntwo\n\nthree\n"), "--unix", socket("raw"));
		assertThat(pipe.exitCode()).as(pipe.stderr()).isZero();
		assertThat(pipe.stdout()).isEqualTo("ONE\nTWO\n\nTHREE\n");
	}

	@Test
	void streamedPipeAndBench() {
		List<String> lines = IntStream.range(0, 10_000).mapToObj(i -> "line " + i + " ñandú").toList();
		Result pipe = ClientProcess.run(bytes(String.join("\n", lines) + "\n"), "--unix", socket("line"), "--framing",
				"line");
		assertThat(pipe.exitCode()).as(pipe.stderr()).isZero();
		assertThat(pipe.stderr()).isEmpty();
		assertThat(pipe.stdoutLines())
			.containsExactlyElementsOf(lines.stream().map(line -> line.toUpperCase(Locale.ROOT)).toList());

		for (String pipeline : List.of("1", "8")) {
			Result bench = ClientProcess.run("bench", "--unix", socket("line"), "--framing", "line", "--connections",
					"2", "--pipeline", pipeline, "--warmup", "200ms", "--duration", "1s");
			assertThat(bench.exitCode()).as("pipeline " + pipeline + ": " + bench.stderr()).isZero();
			assertThat(bench.stdout()).contains("errors        0\n").contains("mismatches    0\n");
		}
	}

	@Test
	void aMissingSocketFileAndADeadOneCannotBeConnectedTo() throws IOException {
		Path missing = dir.resolve("missing.sock");
		assertFailure(ClientProcess.run("--unix", missing.toString(), "hello"), 3,
				"upcase: cannot connect to " + missing + ": no such socket file");
		// a socket file left by a server that is gone
		Path dead = dir.resolve("dead.sock");
		try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			gone.bind(UnixDomainSocketAddress.of(dead));
		}
		assertThat(dead).exists();
		assertFailure(ClientProcess.run(bytes("hello\n"), "--unix", dead.toString(), "--framing", "line"), 3,
				"upcase: cannot connect to " + dead + ": connection refused");
		Files.delete(dead);
	}

	private static String socket(String name) {
		return dir.resolve(name + ".sock").toString();
	}

}
