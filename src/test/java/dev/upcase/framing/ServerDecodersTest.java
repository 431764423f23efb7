package dev.upcase.framing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The server's request decoders, fed bytes the way a socket delivers them (Netty's embedded channel: no network,
 * just the pipeline), including the clock for raw framing's wait for a cut character.
 */
class ServerDecodersTest {

	private static final int LIMIT = 16;

	@Test
	void lineEndsAtLfAndKeepsACrBeforeIt() {
		EmbeddedChannel channel = channel(Framing.LINE);
		channel.writeInbound(bytes("one\r\ntw"), bytes("o\nthree"));
		assertThat(messages(channel)).containsExactly("one\r", "two");
		assertThat(decoder(channel).heldBytes()).isEqualTo(5);
	}

	@Test
	void lineRefusesAMessageOverTheLimitBeforeHoldingMore() {
		EmbeddedChannel channel = channel(Framing.LINE);
		assertThatExceptionOfType(TooLongFrameException.class) // Netty's wording: the server's close line has its own
			.isThrownBy(() -> channel.writeInbound(bytes("x".repeat(LIMIT + 2))));
		EmbeddedChannel exact = channel(Framing.LINE);
		exact.writeInbound(bytes("x".repeat(LIMIT) + "\n"));
		assertThat(messages(exact)).containsExactly("x".repeat(LIMIT));
		EmbeddedChannel withCr = channel(Framing.LINE);
		assertThatExceptionOfType(TooLongFrameException.class)
			.isThrownBy(() -> withCr.writeInbound(bytes("x".repeat(LIMIT) + "\r\n")));
	}

	@Test
	void crlfEndsOnlyAtCrLfAndFindsItAcrossReads() {
		EmbeddedChannel channel = channel(Framing.CRLF);
		channel.writeInbound(bytes("a\nb\rc\r"), bytes("\nnext\r\n"));
		assertThat(messages(channel)).containsExactly("a\nb\rc", "next");
		assertThat(decoder(channel).heldBytes()).isZero();
	}

	@Test
	void crlfRefusesAMessageOverTheLimit() {
		EmbeddedChannel channel = channel(Framing.CRLF);
		assertThatExceptionOfType(TooLongFrameException.class)
			.isThrownBy(() -> channel.writeInbound(bytes("y".repeat(LIMIT + 2))))
			.withMessageContaining("no CR LF within the limit");
	}

	@Test
	void lengthHeaderOverTheLimitOrNegativeFailsBeforeAnyBody() {
		EmbeddedChannel channel = channel(Framing.LENGTH);
		assertThatExceptionOfType(TooLongFrameException.class)
			.isThrownBy(() -> channel.writeInbound(Unpooled.buffer().writeInt(65_536)))
			.withMessage("message over the limit of 16 bytes (length header says 65536)");
		EmbeddedChannel negative = channel(Framing.LENGTH);
		assertThatExceptionOfType(CorruptedFrameException.class)
			.isThrownBy(() -> negative.writeInbound(Unpooled.buffer().writeInt(-5)))
			.withMessage("negative length header -5");
	}

	@Test
	void lengthHoldsOnlyTheBytesThatCame() {
		EmbeddedChannel channel = channel(Framing.LENGTH);
		channel.writeInbound(Unpooled.buffer().writeInt(10).writeBytes("abc".getBytes(StandardCharsets.US_ASCII)));
		assertThat(decoder(channel).heldBytes()).isEqualTo(7);
		channel.writeInbound(bytes("defghij"));
		assertThat(messages(channel)).containsExactly("abcdefghij");
	}

	@Test
	void stxEtxRefusesAnythingButStxWhereAMessageStarts() {
		EmbeddedChannel channel = channel(Framing.STX_ETX);
		channel.writeInbound(bytes("\u0002one\u0003\u0002tw"), bytes("o\u0003"));
		assertThat(messages(channel)).containsExactly("one", "two");
		assertThatExceptionOfType(CorruptedFrameException.class)
			.isThrownBy(() -> channel.writeInbound(bytes("n")))
			.withMessage("expected STX (0x02) to start a message, got 0x6e");
	}

	@Test
	void stxWithoutEtxCountsAsHeldAndFailsOverTheLimit() {
		EmbeddedChannel channel = channel(Framing.STX_ETX);
		channel.writeInbound(bytes("\u0002"));
		assertThat(decoder(channel).heldBytes()).isEqualTo(1);
		assertThatExceptionOfType(TooLongFrameException.class)
			.isThrownBy(() -> channel.writeInbound(bytes("z".repeat(LIMIT + 1))))
			.withMessageContaining("no ETX within the limit");
	}

	@Test
	void rawAnswersEachReadInPiecesOfAtMostTheLimitWithoutCuttingACharacter() {
		EmbeddedChannel channel = channel(Framing.RAW);
		byte[] text = ("abcdefghijklmno" + "ñ" + "pq").getBytes(StandardCharsets.UTF_8); // ñ at bytes 15–16
		channel.writeInbound(Unpooled.wrappedBuffer(text));
		assertThat(messages(channel)).containsExactly("abcdefghijklmno", "ñpq");
	}

	@Test
	void rawJoinsACharacterCutByTwoReadsThatComeWithinTheHold() {
		EmbeddedChannel channel = channel(Framing.RAW);
		channel.freezeTime();
		byte[] text = "añb".getBytes(StandardCharsets.UTF_8);
		channel.writeInbound(Unpooled.wrappedBuffer(text, 0, 2));
		assertThat(messages(channel)).isEmpty();
		channel.advanceTimeBy(RawDecoder.HOLD_MILLIS - 1, TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();
		channel.writeInbound(Unpooled.wrappedBuffer(text, 2, text.length - 2));
		assertThat(messages(channel)).containsExactly("añb");
	}

	@Test
	void rawAnswersAnIncompleteCharacterAsItIsOnceTheHoldIsOver() {
		EmbeddedChannel channel = channel(Framing.RAW);
		channel.freezeTime();
		channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { 'c', 'a', 'f', (byte) 0xE9 }));
		assertThat(messages(channel)).isEmpty();
		channel.advanceTimeBy(RawDecoder.HOLD_MILLIS, TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();
		List<byte[]> whole = new ArrayList<>();
		for (ByteBuf message = channel.readInbound(); message != null; message = channel.readInbound()) {
			whole.add(ByteBufUtil.getBytes(message));
			message.release();
		}
		assertThat(whole).singleElement().isEqualTo(new byte[] { 'c', 'a', 'f', (byte) 0xE9 });
	}

	@Test
	void rawPassesAnIncompleteCharacterThroughWhenTheClientEndsItsStream() {
		EmbeddedChannel channel = channel(Framing.RAW);
		channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { 'x', (byte) 0xC3 }));
		channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
		assertThat(channel.<ByteBuf>readInbound()).satisfies(message -> {
			assertThat(ByteBufUtil.getBytes(message)).isEqualTo(new byte[] { 'x', (byte) 0xC3 });
			message.release();
		});
	}

	@Test
	void encodingFramesEachReplyAsTheClientSentIt() {
		byte[] reply = "UP".getBytes(StandardCharsets.US_ASCII);
		assertThat(encoded(Framing.RAW, reply)).isEqualTo("UP");
		assertThat(encoded(Framing.LINE, reply)).isEqualTo("UP\n");
		assertThat(encoded(Framing.CRLF, reply)).isEqualTo("UP\r\n");
		assertThat(encoded(Framing.LENGTH, reply)).isEqualTo("\0\0\0\u0002UP");
		assertThat(encoded(Framing.STX_ETX, reply)).isEqualTo("\u0002UP\u0003");
	}

	private static String encoded(Framing framing, byte[] payload) {
		ByteBuf frame = framing.encode(payload, io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
		try {
			return frame.toString(StandardCharsets.ISO_8859_1);
		}
		finally {
			frame.release();
		}
	}

	private static EmbeddedChannel channel(Framing framing) {
		return new EmbeddedChannel(framing.newServerDecoder(LIMIT, StandardCharsets.UTF_8));
	}

	private static MessageDecoder decoder(EmbeddedChannel channel) {
		return channel.pipeline().get(MessageDecoder.class);
	}

	private static ByteBuf bytes(String text) {
		return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
	}

	private static List<String> messages(EmbeddedChannel channel) {
		List<String> messages = new ArrayList<>();
		for (ByteBuf message = channel.readInbound(); message != null; message = channel.readInbound()) {
			messages.add(message.toString(StandardCharsets.UTF_8));
			message.release();
		}
		return messages;
	}

}
