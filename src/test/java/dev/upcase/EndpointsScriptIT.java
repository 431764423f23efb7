package dev.upcase;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench/endpoints.sh} as docs/performance.md tells a reader to run it, shortened (one round, one second per
 * measurement): the three servers start, every endpoint (tcp, tls on both engines, unix and udp) is loaded at both
 * pipeline depths with
 * every reply checked, and the table comes out with no error. A smoke run that keeps the benchmark working, not a
 * measurement: lost datagrams are not asserted (UDP may lose some; none at all back would fail the script).
 */
class EndpointsScriptIT {

	@Test
	void theDocumentedBenchmarkRunsAndEveryReplyIsRight() throws Exception {
		for (String tool : List.of("openssl", "python3")) {
			Assumptions.assumeTrue(Tools.onPath(tool), () -> "endpoints.sh needs " + tool
					+ " (the throwaway certificate, the table); install it, e.g. apt-get install openssl python3");
		}
		String output = CompareScriptIT.run(List.of("bench/endpoints.sh", "--runs", "1", "--seconds", "1",
				"--connections", "2", "--port", String.valueOf(freePorts())));
		assertThat(output)
			.contains("**upcase's endpoints, line framing (udp: a datagram a message), 2 connections (udp: sockets)**");
		List<String> rows = output.lines().filter(line -> line.matches("\\| (tcp|tls|tls-boringssl|unix|udp) \\| .*")).toList();
		// endpoint, pipeline, rps, ÷ tcp, p50, p99, server CPU per reply, errors (none), lost (a count)
		assertThat(rows).hasSize(10)
			.allSatisfy(row -> assertThat(row)
				.matches("\\| [\\w-]+ \\| (1|16) \\| [1-9][\\d,]* .* \\| \\d+\\.\\d \\| 0 \\| [\\d,]+ \\|"));
		assertThat(rows).filteredOn(row -> row.startsWith("| udp |")).hasSize(2);
		assertThat(rows).filteredOn(row -> row.startsWith("| tls-boringssl |")).hasSize(2);
		assertThat(output).contains("tls-boringssl ÷ tls, pipeline 16: rps ").contains("server CPU per reply ")
			.contains("command: bench/endpoints.sh --runs 1 --seconds 1 --connections 2");
	}

	/**
	 * @return a free TCP port whose next two are free too (the plain server and the two TLS ones), and free for UDP
	 * as well (the plain server's UDP endpoint)
	 */
	private static int freePorts() throws IOException {
		for (int attempt = 0; attempt < 20; attempt++) {
			int port = CompareScriptIT.freePort();
			InetAddress loopback = InetAddress.getLoopbackAddress();
			try (ServerSocket next = new ServerSocket(port + 1, 1, loopback);
					ServerSocket third = new ServerSocket(port + 2, 1, loopback);
					DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, port))) {
				return port;
			}
			catch (IOException ex) {
				// taken: try another pair
			}
		}
		throw new IllegalStateException("no three consecutive free ports found");
	}

}
