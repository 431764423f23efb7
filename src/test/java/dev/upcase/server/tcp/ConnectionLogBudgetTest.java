package dev.upcase.server.tcp;

import dev.upcase.server.endpoint.CloseReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionLogBudgetTest {

	private static final long SECOND = 1_000_000_000L;

	@Test
	void aBurstIsLoggedWholeThenOneHundredLinesASecondAndTheRestAreCounted() {
		long now = 5 * SECOND;
		ConnectionLogBudget budget = new ConnectionLogBudget(now);
		int written = 0;
		for (int i = 0; i < 1500; i++) {
			written += budget.opened(now) ? 1 : 0;
		}
		assertThat(written).isEqualTo(ConnectionLogBudget.BURST_LINES);
		for (int i = 0; i < 300; i++) {
			written += budget.closed(i % 2 == 0 ? CloseReason.CLIENT : CloseReason.TLS, i % 2 == 1, now + SECOND) ? 1 : 0;
		}
		assertThat(written).isEqualTo(ConnectionLogBudget.BURST_LINES + ConnectionLogBudget.LINES_PER_SECOND);
		ConnectionLogBudget.Summary summary = budget.summary();
		assertThat(summary).isEqualTo(new ConnectionLogBudget.Summary(500, 200, " (client 100, tls 100)", true));
		assertThat(budget.summary()).as("counted once").isNull();
	}

	@Test
	void aQuietSpellFillsTheBucketAgainButNoFurtherThanABurst() {
		long now = 0;
		ConnectionLogBudget budget = new ConnectionLogBudget(now);
		while (budget.opened(now)) {
			// empty it
		}
		now += 60 * SECOND;
		int written = 0;
		for (int i = 0; i < 2000; i++) {
			written += budget.opened(now) ? 1 : 0;
		}
		assertThat(written).isEqualTo(ConnectionLogBudget.BURST_LINES);
		assertThat(budget.summary().opened()).isEqualTo(1 + 1000);
	}

}
