package dev.upcase.server.udp;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SourceRateLimitTest {

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private static final long T0 = 123_456_789L;

	@Test
	void aSourceGetsItsBurstAtOnceThenTheRate() throws Exception {
		SourceRateLimit limit = new SourceRateLimit(10, 5, 100, T0);
		InetAddress source = InetAddress.getByName("192.0.2.1");
		assertThat(granted(limit, source, T0, 100)).as("the burst").isEqualTo(5);
		assertThat(granted(limit, source, T0 + SECOND / 10, 100)).as("a tenth of a second later: one more").isOne();
		assertThat(granted(limit, source, T0 + SECOND + SECOND / 10, 100)).as("a second later: ten more").isEqualTo(5);
		// a source that sends steadily gets the rate: 100 tries a tenth of a second apart over ten seconds
		long now = T0 + 10 * SECOND;
		int total = 0;
		for (int i = 0; i < 100; i++) {
			total += granted(limit, source, now + i * SECOND / 10, 3);
		}
		assertThat(total).isBetween(100, 105);
	}

	/**
	 * Two event loops on one source: the other one takes a reply a second later while this one is between reading the
	 * clock and moving the bucket. This one sees the bucket moved, reads bucket and clock again, and finds no burst;
	 * keeping its first time (a second older than the bucket) would have made the bucket look a second ahead.
	 */
	@Test
	void anotherLoopMovingTheBucketMeanwhileIsNotABurst() throws Exception {
		SourceRateLimit limit = new SourceRateLimit(1000, 2, 100, T0);
		InetAddress source = InetAddress.getByName("192.0.2.1");
		assertThat(granted(limit, source, T0, 1)).isOne();
		long later = T0 + SECOND;
		boolean[] interleaved = { false };
		// this loop reads the clock at T0 and is descheduled; meanwhile the other loop takes a reply at T0 + 1 s
		assertThat(limit.tryAcquire(source, () -> {
			if (!interleaved[0]) {
				interleaved[0] = true;
				assertThat(limit.tryAcquire(source, () -> later)).as("the other loop").isTrue();
				return T0;
			}
			return later;
		})).isTrue();
	}

	@Test
	void eachAddressHasItsOwnBucket() throws Exception {
		SourceRateLimit limit = new SourceRateLimit(1, 3, 100, T0);
		assertThat(granted(limit, InetAddress.getByName("192.0.2.1"), T0, 10)).isEqualTo(3);
		assertThat(granted(limit, InetAddress.getByName("192.0.2.2"), T0, 10)).isEqualTo(3);
		assertThat(granted(limit, InetAddress.getByName("2001:db8::1"), T0, 10)).isEqualTo(3);
		assertThat(limit.tracked()).isEqualTo(3);
	}

	/** A spoofer with a /64 to send from must not become 2^64 sources, each with a burst of its own. */
	@Test
	void anIpv6SourceIsItsSlash64() throws Exception {
		SourceRateLimit limit = new SourceRateLimit(1, 3, 100, T0);
		assertThat(granted(limit, InetAddress.getByName("2001:db8:1:2::1"), T0, 2)).isEqualTo(2);
		assertThat(granted(limit, InetAddress.getByName("2001:db8:1:2:ffff:ffff:ffff:ffff"), T0, 10))
			.as("the same /64: what is left of its burst").isOne();
		assertThat(granted(limit, InetAddress.getByName("2001:db8:1:3::1"), T0, 10)).as("another /64").isEqualTo(3);
		assertThat(limit.tracked()).isEqualTo(2);
	}

	@Test
	void aFullTableSharesOneBucketAmongNewSourcesAndKeepsTheTrackedOnes() throws Exception {
		SourceRateLimit limit = new SourceRateLimit(1, 2, 3, T0);
		for (int i = 1; i <= 3; i++) {
			assertThat(granted(limit, InetAddress.getByName("192.0.2." + i), T0, 1)).isOne();
		}
		assertThat(limit.full()).isTrue();
		int spoofed = 0;
		for (int i = 1; i <= 200; i++) { // a spoofed flood: a new source each time
			spoofed += granted(limit, InetAddress.getByName("198.51.100." + i), T0, 1);
		}
		assertThat(spoofed).as("all new sources together: one burst").isEqualTo(2);
		assertThat(limit.tracked()).isEqualTo(3);
		assertThat(granted(limit, InetAddress.getByName("192.0.2.1"), T0, 10)).as("a tracked source keeps its own")
			.isOne();
	}

	@Test
	void bucketsThatFilledUpAgainAreForgottenAndTheRestKept() throws Exception {
		SourceRateLimit limit = new SourceRateLimit(10, 10, 100, T0);
		InetAddress quiet = InetAddress.getByName("192.0.2.1");
		InetAddress busy = InetAddress.getByName("192.0.2.2");
		granted(limit, quiet, T0, 1);
		granted(limit, busy, T0, 10);
		limit.forgetFull(T0 + SECOND / 2);
		assertThat(limit.tracked()).as("the quiet one refilled after 0.1 s, the busy one needs 1 s").isOne();
		assertThat(granted(limit, busy, T0 + SECOND / 2, 10)).as("the busy one's bucket was kept").isEqualTo(5);
		limit.forgetFull(T0 + 2 * SECOND);
		assertThat(limit.tracked()).isZero();
		assertThat(limit.full()).isFalse();
	}

	private static int granted(SourceRateLimit limit, InetAddress source, long now, int tries) {
		int granted = 0;
		for (int i = 0; i < tries; i++) {
			if (limit.tryAcquire(source, () -> now)) {
				granted++;
			}
		}
		return granted;
	}

}
