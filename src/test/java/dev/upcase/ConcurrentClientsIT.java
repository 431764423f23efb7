package dev.upcase;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients at once, each checking that every reply is its own and correct — the seed served one at a time.
 */
class ConcurrentClientsIT {

	private static final int CLIENTS = 200;

	private static final int ROUND_TRIPS = 100;

	private static UpcaseServer server;

	@BeforeAll
	static void start() {
		server = UpcaseServer.start("--upcase.tcp.framing=line");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void twoHundredClientsTimesAHundredRoundTripsEachGetTheirOwnCorrectReplies() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
		CountDownLatch allConnected = new CountDownLatch(CLIENTS);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				int clientNumber = c;
				results.add(threads.submit(() -> {
					try (TcpTestClient client = server.connect()) {
						allConnected.countDown();
						allConnected.await(30, TimeUnit.SECONDS); // all 200 open at the same time
						int correct = 0;
						for (int i = 0; i < ROUND_TRIPS; i++) {
							String request = "client " + clientNumber + " message " + i + " ß";
							if (client.exchangeLine(request).equals("CLIENT " + clientNumber + " MESSAGE " + i + " SS")) {
								correct++;
							}
						}
						return correct;
					}
				}));
			}
			for (Future<Integer> result : results) {
				assertThat(result.get(120, TimeUnit.SECONDS)).isEqualTo(ROUND_TRIPS);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

}
