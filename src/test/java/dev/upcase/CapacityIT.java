package dev.upcase;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten thousand idle connections held at once by the packaged jar with default settings (but the per-peer limit:
 * they all come from 127.0.0.1), and what each costs:
 * heap (from a class histogram, after a full GC) and resident memory. The figures are printed for the docs;
 * the assertions only guard against the stock per-connection buffers (megabytes each) coming back.
 */
class CapacityIT {

	private static final int CONNECTIONS = 10_000;

	private static final Pattern LISTENING = Pattern.compile("Listening for TCP clients on 127\\.0\\.0\\.1:(\\d+)");

	private static final Pattern HTTP = Pattern.compile("Tomcat started on port (\\d+)");

	@Test
	void holdsTenThousandIdleConnectionsWithDefaultSettings() throws Exception {
		long openFiles = openFileLimit();
		Assumptions.assumeTrue(openFiles < 0 || openFiles > CONNECTIONS + 500,
				"the open-files limit (ulimit -n = " + openFiles + ") is too low for " + CONNECTIONS
						+ " connections: raise it to 20000 or more");
		Process server = new ProcessBuilder(PackagedJar.javaBin(), "-Xmx512m", "-jar", PackagedJar.JAR.toString(),
				"--upcase.tcp.port=0", "--server.port=0", // all from this one address: the held ones and the exchange beside them
				"--upcase.tcp.max-connections-per-peer=" + (CONNECTIONS + 1))
			.redirectErrorStream(true)
			.start();
		int[] ports = new int[2];
		CountDownLatch started = new CountDownLatch(2);
		Thread pump = new Thread(() -> readPorts(server, ports, started));
		pump.setDaemon(true);
		pump.start();
		List<Socket> held = new ArrayList<>(CONNECTIONS);
		try {
			assertThat(started.await(90, TimeUnit.SECONDS)).as("server started").isTrue();
			int tcpPort = ports[0];
			exchange(tcpPort); // warm: the first connection loads the classes every later one shares
			long heapBefore = heapUsed(server.pid());
			long rssBefore = rssKb(server.pid());
			for (int i = 0; i < CONNECTIONS; i++) {
				Socket socket = new Socket();
				socket.connect(new InetSocketAddress("127.0.0.1", tcpPort), 10_000);
				held.add(socket);
			}
			Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
				.until(() -> active(ports[1]) == CONNECTIONS);
			exchange(tcpPort); // still serving, with all of them open
			long heapHolding = heapUsed(server.pid());
			long rssHolding = rssKb(server.pid());
			double heapPerConnection = (heapHolding - heapBefore) / (double) CONNECTIONS;
			double rssPerConnection = (rssHolding - rssBefore) * 1024.0 / CONNECTIONS;
			System.out.printf("CAPACITY connections=%d heapBeforeKB=%d heapHoldingKB=%d heapPerConnectionBytes=%.0f "
					+ "rssBeforeKB=%d rssHoldingKB=%d rssPerConnectionBytes=%.0f%n", CONNECTIONS, heapBefore / 1024,
					heapHolding / 1024, heapPerConnection, rssBefore, rssHolding, rssPerConnection);
			assertThat(heapPerConnection).as("heap bytes per idle connection").isLessThan(8 * 1024);
		}
		finally {
			for (Socket socket : held) {
				socket.close();
			}
			server.toHandle().destroy();
			assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
		}
	}

	private static void readPorts(Process server, int[] ports, CountDownLatch started) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				Matcher tcp = LISTENING.matcher(line);
				Matcher http = HTTP.matcher(line);
				if (tcp.find()) {
					ports[0] = Integer.parseInt(tcp.group(1));
					started.countDown();
				}
				if (http.find()) {
					ports[1] = Integer.parseInt(http.group(1));
					started.countDown();
				}
			}
		}
		catch (IOException ex) {
			// the process ended
		}
	}

	private static void exchange(int port) {
		try (TcpTestClient client = new TcpTestClient(port)) {
			client.write("bith");
			assertThat(client.readSome(16)).containsExactly('B', 'I', 'T', 'H');
		}
	}

	private static double active(int httpPort) throws IOException, InterruptedException {
		var response = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort
					+ "/actuator/metrics/upcase.connections.active")).build(),
					java.net.http.HttpResponse.BodyHandlers.ofString());
		return ((Number) JsonPath.read(response.body(), "$.measurements[0].value")).doubleValue();
	}

	/** Live heap after a full GC, from jcmd's class histogram total. */
	private static long heapUsed(long pid) throws IOException, InterruptedException {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		Process histogram = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.class_histogram")
			.redirectErrorStream(true)
			.start();
		String out = new String(histogram.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		histogram.waitFor(60, TimeUnit.SECONDS);
		Matcher total = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(out);
		assertThat(total.find()).as(out).isTrue();
		return Long.parseLong(total.group(1));
	}

	private static long rssKb(long pid) throws IOException {
		return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))
			.stream()
			.filter(line -> line.startsWith("VmRSS:"))
			.mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
			.findFirst()
			.orElseThrow();
	}

	private static long openFileLimit() {
		if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
				instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
			return unix.getMaxFileDescriptorCount();
		}
		return -1;
	}

}
