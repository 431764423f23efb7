package dev.upcase.server.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.upcase.server.endpoint.CloseReason;
import dev.upcase.server.endpoint.ConnectionClosed;
import dev.upcase.server.endpoint.LiveConnection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The query logic of {@code /actuator/connections} on its own: parameters, filters, order, pages, the ring. */
class ConnectionQueryTest {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	@Test
	void defaultsAreOpenConnectionsOldestFirstHundredPerPage() {
		ConnectionQuery query = ConnectionQuery.parse(null, null, null, null, null, null);
		assertThat(query).isEqualTo(new ConnectionQuery(false, null, true, 0, 100, null));
		var page = query.openPage(List.of(List.of(connection("b", 10, 0), connection("a", 20, 0))), NOW);
		assertThat(ids(page)).containsExactly("a", "b");
	}

	@Test
	void rejectsEachBadParameterByName() {
		assertBad("limit", () -> ConnectionQuery.parse(null, null, null, null, "1001", null));
		assertBad("limit", () -> ConnectionQuery.parse(null, null, null, null, "0", null));
		assertBad("offset", () -> ConnectionQuery.parse(null, null, null, "-1", null, null));
		assertBad("offset", () -> ConnectionQuery.parse(null, null, null, "1e3", null, null));
		assertBad("sort", () -> ConnectionQuery.parse(null, "name", null, null, null, null));
		assertBad("order", () -> ConnectionQuery.parse(null, null, "random", null, null, null));
		assertBad("state", () -> ConnectionQuery.parse("half", null, null, null, null, null));
		assertBad("sort", () -> ConnectionQuery.parse("closed", "idle", null, null, null, null));
		assertBad("peer", () -> ConnectionQuery.parse(null, null, null, null, null, " "));
		assertBad("all", () -> CloseSelection.parse(null, null, null));
		assertBad("all", () -> CloseSelection.parse(null, null, "yes"));
		assertBad("idleLongerThan", () -> CloseSelection.parse(null, "-PT1S", null));
		assertBad("idleLongerThan", () -> CloseSelection.parse(null, "later", null));
	}

	private static void assertBad(String parameter, Runnable parse) {
		assertThatThrownBy(parse::run).isInstanceOfSatisfying(BadParameter.class,
				bad -> assertThat(bad.parameter()).isEqualTo(parameter));
	}

	@Test
	void pagesDoNotOverlapAndCountEverythingMatched() {
		List<LiveConnection> all = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			all.add(connection("c" + i, 100 - i, 0));
		}
		List<String> seen = new ArrayList<>();
		for (int offset = 0; offset < 8; offset += 3) {
			var page = ConnectionQuery.parse(null, "age", "desc", String.valueOf(offset), "3", null)
				.openPage(List.of(all), NOW);
			assertThat(page.total()).isEqualTo(7);
			seen.addAll(ids(page));
		}
		assertThat(seen).containsExactly("c0", "c1", "c2", "c3", "c4", "c5", "c6");
	}

	@Test
	void sortsByEachKey() {
		List<LiveConnection> all = List.of(new Fixed("old", 300, 1, 5, 100, 0), new Fixed("busy", 200, 9, 50, 5, 20),
				new Fixed("big", 100, 2, 1000, 50, 5));
		assertThat(ids(query("age", "desc").openPage(List.of(all), NOW))).containsExactly("old", "busy", "big");
		assertThat(ids(query("idle", "desc").openPage(List.of(all), NOW))).containsExactly("old", "big", "busy");
		assertThat(ids(query("messages", "desc").openPage(List.of(all), NOW))).containsExactly("busy", "big", "old");
		assertThat(ids(query("bytes", "asc").openPage(List.of(all), NOW))).containsExactly("old", "busy", "big");
	}

	private static ConnectionQuery query(String sort, String order) {
		return ConnectionQuery.parse(null, sort, order, null, null, null);
	}

	@Test
	void peerMatchesAnAddressOrOneSocket() {
		assertThat(PeerFilter.parse("10.0.0.7").matches("10.0.0.7:5000")).isTrue();
		assertThat(PeerFilter.parse("10.0.0.7:5000").matches("10.0.0.7:5000")).isTrue();
		assertThat(PeerFilter.parse("10.0.0.7:5001").matches("10.0.0.7:5000")).isFalse();
		assertThat(PeerFilter.parse("10.0.0.70").matches("10.0.0.7:5000")).isFalse();
		assertThat(PeerFilter.parse("::1").matches("[::1]:5000")).isTrue();
		assertThat(PeerFilter.parse("[::1]").matches("[::1]:5000")).isTrue();
		assertThat(PeerFilter.parse("[::1]:5000").matches("[::1]:5000")).isTrue();
	}

	@Test
	void closeSelectionCombinesItsConditions() {
		LiveConnection quiet = new Fixed("quiet", 100, 0, 0, 600, 0);
		LiveConnection chatty = new Fixed("chatty", 100, 10, 10, 1, 0);
		CloseSelection idle = CloseSelection.parse(null, "PT5M", null);
		assertThat(idle.selects(quiet, NOW)).isTrue();
		assertThat(idle.selects(chatty, NOW)).isFalse();
		assertThat(CloseSelection.parse("127.0.0.1", "9m", null).selects(quiet, NOW)).isTrue();
		assertThat(CloseSelection.parse("10.1.1.1", "10s", null).selects(quiet, NOW)).isFalse();
		assertThat(CloseSelection.parse(null, null, "true").selects(chatty, NOW)).isTrue();
	}

	@Test
	void theClosedRingKeepsTheNewestFirst() {
		ClosedConnectionRing ring = new ClosedConnectionRing(new AdminProperties(3));
		for (int i = 1; i <= 5; i++) {
			ring.closed(closed("c" + i));
		}
		assertThat(ring.newestFirst()).extracting(ConnectionClosed::id).containsExactly("c5", "c4", "c3");
		var oldestFirst = ConnectionQuery.parse("closed", null, "asc", null, null, null).closedPage(ring.newestFirst());
		assertThat(ids(oldestFirst)).containsExactly("c3", "c4", "c5");
		ClosedConnectionRing none = new ClosedConnectionRing(new AdminProperties(0));
		none.closed(closed("x"));
		assertThat(none.newestFirst()).isEmpty();
	}

	private static ConnectionClosed closed(String id) {
		return new ConnectionClosed(id, "tcp", "127.0.0.1:1", 8000, "line", NOW.minusSeconds(5), NOW, 1, 1, 1, 2,
				CloseReason.CLIENT, null);
	}

	private static List<String> ids(ConnectionQuery.ConnectionPage page) {
		return page.connections().stream().map(view -> view instanceof ConnectionView open ? open.id()
				: ((ClosedConnectionView) view).id()).toList();
	}

	private static LiveConnection connection(String id, int ageSeconds, int idleSeconds) {
		return new Fixed(id, ageSeconds, 0, 0, idleSeconds, 0);
	}

	/** A connection with fixed counters: the query logic reads nothing else. */
	private record Fixed(String id, long ageSeconds, long messagesIn, long bytesIn, long idleSeconds,
			long unsentBytes) implements LiveConnection {

		@Override
		public String endpoint() {
			return "tcp";
		}

		@Override
		public String peer() {
			return "127.0.0.1:" + (40000 + Math.abs(this.id.hashCode() % 20000));
		}

		@Override
		public String peerAddress() {
			return "127.0.0.1";
		}

		@Override
		public int localPort() {
			return 8000;
		}

		@Override
		public String framing() {
			return "line";
		}

		@Override
		public Instant openedAt() {
			return NOW.minusSeconds(this.ageSeconds);
		}

		@Override
		public long repliesOut() {
			return this.messagesIn;
		}

		@Override
		public long bytesOut() {
			return this.bytesIn;
		}

		@Override
		public @Nullable Instant lastMessageAt() {
			return this.messagesIn > 0 ? lastActivityAt() : null;
		}

		@Override
		public Instant lastActivityAt() {
			return NOW.minus(Duration.ofSeconds(this.idleSeconds));
		}

		@Override
		public void close(CloseReason reason, @Nullable String detail) {
			throw new UnsupportedOperationException("the query logic never closes");
		}

	}

}
