package dev.upcase.server.tcp;

import dev.upcase.server.endpoint.CloseReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection's state on its own: counters, the first close reason winning, and the drain's quiet test.
 */
class ConnectionStateTest {

	@Test
	void countsRequestsAndRepliesAndKnowsWhatIsUnsent() {
		ConnectionState state = new ConnectionState(1_000);
		state.requestReceived(5, 2_000);
		state.requestReceived(7, 3_000);
		state.replyQueued(6, 3_500);
		state.replyQueued(8, 3_500);
		assertThat(state.unsentBytes()).isEqualTo(14);
		state.replyDone(6, true, 4_000);
		state.replyDone(8, false, 5_000); // the client went away: not a reply out
		assertThat(state.messagesIn()).isEqualTo(2);
		assertThat(state.bytesIn()).isEqualTo(12);
		assertThat(state.repliesOut()).isEqualTo(1);
		assertThat(state.bytesOut()).isEqualTo(6);
		assertThat(state.unsentBytes()).isZero();
		assertThat(state.lastMessageMillis()).isEqualTo(3_000);
		assertThat(state.lastActivityMillis()).isEqualTo(4_000);
	}

	@Test
	void theFirstCloseReasonIsTheOneTold() {
		ConnectionState state = new ConnectionState(0);
		assertThat(state.closing(CloseReason.CLIENT).reason()).isEqualTo(CloseReason.CLIENT);
		assertThat(state.recordClosing(CloseReason.OVERSIZE, "message over the limit")).isTrue();
		assertThat(state.recordClosing(CloseReason.CLIENT, "reset")).isFalse();
		assertThat(state.closing(CloseReason.SHUTDOWN))
			.isEqualTo(new ConnectionState.Closing(CloseReason.OVERSIZE, "message over the limit"));
	}

	@Test
	void aDrainClosesOnlyAfterQuietLooksInARowWithNoReadBetween() {
		ConnectionState state = new ConnectionState(0);
		assertThat(state.quietLook(0, true)).as("the first look has nothing to compare with").isFalse();
		assertThat(state.quietLook(0, true)).isFalse();
		assertThat(state.quietLook(0, true)).as("quiet for two looks in a row").isTrue();
	}

	@Test
	void anyReadPartialRequestUnsentReplyOrPausedReadingStartsTheCountAgain() {
		ConnectionState state = new ConnectionState(0);
		state.quietLook(0, true);
		state.quietLook(0, true);
		state.read(10); // bytes came in since the last look: perhaps more are in the kernel
		assertThat(state.quietLook(0, true)).isFalse();
		assertThat(state.quietLook(3, true)).as("half a request held").isFalse();
		state.replyQueued(4, 15);
		assertThat(state.quietLook(0, true)).as("a reply unsent").isFalse();
		state.replyDone(4, true, 20);
		assertThat(state.quietLook(0, false)).as("reading held back: the kernel may hold requests").isFalse();
		assertThat(state.quietLook(0, true)).isFalse();
		assertThat(state.quietLook(0, true)).isTrue();
	}

	@Test
	void idleMeansNoByteEitherWayAndTakingRepliesCounts() {
		ConnectionState state = new ConnectionState(0);
		assertThat(state.timedOut(0, 999, 1_000, 30_000)).isNull();
		assertThat(state.timedOut(0, 1_000, 1_000, 30_000)).isEqualTo(CloseReason.IDLE);
		ConnectionState reader = new ConnectionState(0);
		reader.requestReceived(3, 500);
		reader.replyQueued(4, 500);
		reader.replyDone(4, true, 1_200); // the client took its reply: activity
		assertThat(reader.timedOut(0, 2_100, 1_000, 30_000)).isNull();
		assertThat(reader.timedOut(0, 2_200, 1_000, 30_000)).isEqualTo(CloseReason.IDLE);
		assertThat(new ConnectionState(0).timedOut(0, 1_000_000, 0, 30_000)).as("idle timeout 0: never").isNull();
	}

	@Test
	void aReaderThatTakesNoReplyByteForTheWriteTimeoutIsSlowButPartOfALargeReplyIsProgress() {
		ConnectionState state = new ConnectionState(0);
		state.replyQueued(5_000_000, 1_000);
		assertThat(state.timedOut(4_000_000, 20_000, 0, 30_000)).isNull();
		assertThat(state.timedOut(3_000_000, 40_000, 0, 30_000)).as("the queue shrank: bytes were taken").isNull();
		assertThat(state.timedOut(3_000_000, 69_000, 0, 30_000)).isNull();
		assertThat(state.timedOut(3_000_000, 70_000, 0, 30_000)).isEqualTo(CloseReason.SLOW);
		ConnectionState answered = new ConnectionState(0);
		answered.replyQueued(10, 0);
		answered.replyDone(10, true, 5);
		assertThat(answered.timedOut(0, 40_000, 0, 30_000)).as("nothing unsent: not slow").isNull();
	}


	@Test
	void repliesWaitingAreTheWriteTimeoutsToJudgeAndTheKernelSeeingThemTakenIsProgress() {
		ConnectionState state = new ConnectionState(0);
		state.replyQueued(2_000_000, 0);
		assertThat(state.timedOut(2_000_000, 0, 3_000, 30_000)).isNull(); // the server's own buffer: stuck from here
		assertThat(state.timedOut(2_000_000, 29_000, 3_000, 30_000)).as("replies waiting: never idle").isNull();
		assertThat(state.progressSeenByKernel(2_500)).as("later than anything seen").isTrue();
		assertThat(state.progressSeenByKernel(2_500)).as("the same moment again is no news").isFalse();
		assertThat(state.timedOut(2_000_000, 32_499, 3_000, 30_000)).isNull();
		assertThat(state.timedOut(2_000_000, 32_500, 3_000, 30_000)).isEqualTo(CloseReason.SLOW);
		assertThat(state.progressSeenByKernel(32_000)).isTrue();
		assertThat(state.timedOut(2_000_000, 61_999, 3_000, 30_000)).isNull();
		ConnectionState reading = new ConnectionState(0);
		reading.replyQueued(10, 0);
		assertThat(reading.timedOut(10, 0, 0, 30_000)).isNull();
		reading.read(40_000); // requests keep coming, the replies do not leave
		assertThat(reading.progressSeenByKernel(20_000)).as("older than a read, newer than the last reply taken").isTrue();
		assertThat(reading.timedOut(10, 45_000, 0, 30_000)).isNull();
		assertThat(reading.timedOut(10, 50_000, 0, 30_000)).isEqualTo(CloseReason.SLOW);
		ConnectionState answered = new ConnectionState(0);
		answered.replyQueued(10, 0);
		answered.replyDone(10, true, 1_000);
		assertThat(answered.progressSeenByKernel(2_000)).as("the kernel still sending the last replies").isTrue();
		assertThat(answered.timedOut(0, 4_999, 3_000, 30_000)).isNull();
		assertThat(answered.timedOut(0, 5_000, 3_000, 30_000)).isEqualTo(CloseReason.IDLE);
	}

}
