package dev.upcase.server.management;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginBackoffTest {

	@Test
	void fiveFailuresAreFreeThenEachDoublesTheRefusalUpToTheMaximum() {
		LoginBackoff backoff = new LoginBackoff(Duration.ofSeconds(10));
		for (int i = 1; i <= LoginBackoff.FREE_FAILURES; i++) {
			assertThat(backoff.failed("10.0.0.7").refusedFor()).as("failure " + i).isZero();
		}
		assertThat(backoff.refusedFor("10.0.0.7")).isZero();
		List<Long> seconds = List.of(1L, 2L, 4L, 8L, 10L, 10L);
		for (long expected : seconds) {
			LoginBackoff.Failure failure = backoff.failed("10.0.0.7");
			assertThat(failure.refusedFor()).isEqualTo(Duration.ofSeconds(expected));
		}
		assertThat(backoff.refusedFor("10.0.0.7")).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(10));
		assertThat(backoff.refusedFor("10.0.0.8")).as("another source").isZero();
		backoff.succeeded("10.0.0.7");
		assertThat(backoff.refusedFor("10.0.0.7")).as("after a right password").isZero();
		assertThat(backoff.failed("10.0.0.7").inARow()).isEqualTo(1);
	}

	@Test
	void zeroTurnsTheRefusalOffButFailuresAreStillCounted() {
		LoginBackoff backoff = new LoginBackoff(Duration.ZERO);
		for (int i = 0; i < 20; i++) {
			backoff.failed("10.0.0.7");
		}
		assertThat(backoff.refusedFor("10.0.0.7")).isZero();
		assertThat(backoff.failed("10.0.0.7").inARow()).isEqualTo(21);
	}

	@Test
	void anIpv6SourceIsItsSlash64() {
		assertThat(LoginBackoff.source("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).isEqualTo("2001:db8:1:2::/64");
		assertThat(LoginBackoff.source("2001:db8:1:2::1")).isEqualTo(LoginBackoff.source("2001:db8:1:2::ffff"));
		assertThat(LoginBackoff.source("2001:db8:1:3::1")).isNotEqualTo(LoginBackoff.source("2001:db8:1:2::1"));
		assertThat(LoginBackoff.source("127.0.0.1")).isEqualTo("127.0.0.1");
		assertThat(LoginBackoff.source("::ffff:127.0.0.2")).as("an IPv4-mapped address is its IPv4 address")
			.isEqualTo("127.0.0.2");
	}

	@Test
	void memoryIsBoundedWhateverTheNumberOfSources() throws Exception {
		LoginBackoff backoff = new LoginBackoff(Duration.ofMinutes(1));
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> all = new java.util.ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int thread = t;
				all.add(threads.submit(() -> {
					for (int i = 0; i < 10_000; i++) {
						backoff.failed("10." + thread + "." + (i / 256) + "." + (i % 256));
					}
				}));
			}
			for (Future<?> one : all) {
				one.get();
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(backoff.size()).isEqualTo(LoginBackoff.CAPACITY);
	}

}
