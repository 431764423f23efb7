package dev.upcase;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench/endpoints.sh} as docs/performance.md tells a reader to run it, shortened (one round, one second per
 * measurement): both servers start, every endpoint is loaded at both pipeline depths with every reply checked, and
 * the table comes out with no error. A smoke run that keeps the benchmark working, not a measurement.
 */
class EndpointsScriptIT {

	@Test
	void theDocumentedBenchmarkRunsAndEveryReplyIsRight() throws Exception {
		for (String tool : List.of("openssl", "python3")) {
			Assumptions.assumeTrue(CompareScriptIT.onPath(tool), () -> "endpoints.sh needs " + tool
					+ " (the throwaway certificate, the table); install it, e.g. apt-get install openssl python3");
		}
		String output = CompareScriptIT.run(List.of("bench/endpoints.sh", "--runs", "1", "--seconds", "1",
				"--connections", "2", "--port", String.valueOf(twoFreePorts())));
		assertThat(output).contains("**upcase's stream endpoints, line framing, 2 connections**");
		List<String> rows = output.lines().filter(line -> line.matches("\\| (tcp|tls|unix) \\| .*")).toList();
		assertThat(rows).hasSize(6).allSatisfy(row -> assertThat(row).endsWith("| 0 |"));
		assertThat(output).contains("command: bench/endpoints.sh --runs 1 --seconds 1 --connections 2");
	}

	/** @return a free port whose next one is free too (the plain and the TLS server) */
	private static int twoFreePorts() throws IOException {
		for (int attempt = 0; attempt < 20; attempt++) {
			int port = CompareScriptIT.freePort();
			try (ServerSocket next = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
				return port;
			}
			catch (IOException ex) {
				// taken: try another pair
			}
		}
		throw new IllegalStateException("no two consecutive free ports found");
	}

}
