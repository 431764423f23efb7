package dev.upcase.framing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The codecs over in-memory streams: what each framing accepts, what it refuses, and how.
 */
class FramingTest {

	private static final int MAX = 16;

	@ParameterizedTest
	@EnumSource(value = Framing.class, names = "RAW", mode = EnumSource.Mode.EXCLUDE)
	void delimitedFramingsRoundTripEmptyOrdinaryAndMaximumMessages(Framing framing) throws IOException {
		FrameCodec codec = framing.codec(MAX, StandardCharsets.UTF_8);
		byte[] full = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
		InputStream in = stream(codec, bytes(""), bytes("hello"), full);
		assertThat(codec.deserialize(in)).isEmpty();
		assertThat(codec.deserialize(in)).isEqualTo(bytes("hello"));
		assertThat(codec.deserialize(in)).isEqualTo(full);
		assertThatExceptionOfType(SoftEndOfStreamException.class).isThrownBy(() -> codec.deserialize(in));
	}

	@ParameterizedTest
	@EnumSource(value = Framing.class, names = "RAW", mode = EnumSource.Mode.EXCLUDE)
	void oneByteOverTheLimitIsRefusedWithTheLimit(Framing framing) throws IOException {
		FrameCodec codec = framing.codec(MAX, StandardCharsets.UTF_8);
		InputStream in = stream(codec, new byte[MAX + 1]);
		assertThatExceptionOfType(MessageTooLargeException.class).isThrownBy(() -> codec.deserialize(in))
			.satisfies(ex -> assertThat(ex.limit()).isEqualTo(MAX))
			.withMessageContaining("16 bytes");
	}

	@Test
	void oversizeIsDetectedWithoutBufferingPastTheLimit() {
		FrameCodec codec = Framing.LINE.codec(MAX, StandardCharsets.UTF_8);
		CountingInput in = new CountingInput(new byte[1_000_000]);
		assertThatExceptionOfType(MessageTooLargeException.class).isThrownBy(() -> codec.deserialize(in));
		assertThat(in.consumed).isEqualTo(MAX + 1);
	}

	@ParameterizedTest
	@EnumSource(value = Framing.class, names = "RAW", mode = EnumSource.Mode.EXCLUDE)
	void closingInTheMiddleOfAMessageIsTruncation(Framing framing) throws IOException {
		FrameCodec codec = framing.codec(MAX, StandardCharsets.UTF_8);
		byte[] frame = frame(codec, bytes("hello"));
		InputStream in = new ByteArrayInputStream(Arrays.copyOf(frame, frame.length - 1));
		assertThatExceptionOfType(TruncatedFrameException.class).isThrownBy(() -> codec.deserialize(in));
	}

	@Test
	void lineFramingKeepsACarriageReturnWithTheMessageSoItIsWrittenBackAsItCame() throws IOException {
		FrameCodec codec = Framing.LINE.codec(MAX, StandardCharsets.UTF_8);
		InputStream in = new ByteArrayInputStream(bytes("one\r\ntwo\n"));
		byte[] first = codec.deserialize(in);
		assertThat(first).isEqualTo(bytes("one\r"));
		assertThat(codec.deserialize(in)).isEqualTo(bytes("two"));
		assertThat(frame(codec, first)).isEqualTo(bytes("one\r\n"));
	}

	@Test
	void crlfFramingKeepsLoneCrAndLfAsData() throws IOException {
		FrameCodec codec = Framing.CRLF.codec(MAX, StandardCharsets.UTF_8);
		InputStream in = new ByteArrayInputStream(bytes("a\nb\rc\r\n"));
		assertThat(codec.deserialize(in)).isEqualTo(bytes("a\nb\rc"));
	}

	@Test
	void crlfLimitCountsTheMessageNotTheDelimiter() throws IOException {
		FrameCodec codec = Framing.CRLF.codec(3, StandardCharsets.UTF_8);
		assertThat(codec.deserialize(new ByteArrayInputStream(bytes("abc\r\n")))).isEqualTo(bytes("abc"));
	}

	@Test
	void lengthHeaderThatLiesIsRefusedBeforeReadingTheBody() {
		FrameCodec codec = Framing.LENGTH.codec(MAX, StandardCharsets.UTF_8);
		CountingInput huge = new CountingInput(new byte[] { 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3 });
		assertThatExceptionOfType(MessageTooLargeException.class).isThrownBy(() -> codec.deserialize(huge))
			.withMessageContaining("2147483647");
		assertThat(huge.consumed).isEqualTo(4);
		InputStream negative = new ByteArrayInputStream(new byte[] { (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfb });
		assertThatExceptionOfType(FramingException.class).isThrownBy(() -> codec.deserialize(negative))
			.withMessageContaining("negative length header -5");
	}

	@Test
	void stxEtxNeedsStxFirst() {
		FrameCodec codec = Framing.STX_ETX.codec(MAX, StandardCharsets.UTF_8);
		assertThatExceptionOfType(FramingException.class)
			.isThrownBy(() -> codec.deserialize(new ByteArrayInputStream(bytes("A\u0003"))))
			.withMessageContaining("expected STX");
	}

	@Test
	void serializersFrameTheReply() throws IOException {
		byte[] payload = bytes("HI");
		assertThat(frame(Framing.RAW.codec(MAX, StandardCharsets.UTF_8), payload)).isEqualTo(bytes("HI"));
		assertThat(frame(Framing.LINE.codec(MAX, StandardCharsets.UTF_8), payload)).isEqualTo(bytes("HI\n"));
		assertThat(frame(Framing.CRLF.codec(MAX, StandardCharsets.UTF_8), payload)).isEqualTo(bytes("HI\r\n"));
		assertThat(frame(Framing.LENGTH.codec(MAX, StandardCharsets.UTF_8), payload)).containsExactly(0, 0, 0, 2, 'H',
				'I');
		assertThat(frame(Framing.STX_ETX.codec(MAX, StandardCharsets.UTF_8), payload)).containsExactly(2, 'H', 'I', 3);
	}

	@ParameterizedTest
	@EnumSource(value = Framing.class, names = "RAW", mode = EnumSource.Mode.EXCLUDE)
	void aDecoderFedOneByteAtATimeYieldsEachMessageOnceItIsComplete(Framing framing) throws IOException {
		FrameCodec codec = framing.codec(MAX, StandardCharsets.UTF_8);
		byte[] wire = stream(codec, bytes("ab"), bytes(""), bytes("cd")).readAllBytes();
		FrameDecoder decoder = codec.newDecoder();
		InputStream in = new ByteArrayInputStream(wire);
		java.util.List<String> messages = new java.util.ArrayList<>();
		for (int i = 0; i < wire.length; i++) {
			byte[] message = decoder.next(in, 1); // only one byte has "arrived"
			if (message != null) {
				messages.add(new String(message, StandardCharsets.UTF_8));
				assertThat(decoder.pendingBytes()).isZero();
			}
		}
		assertThat(messages).containsExactly("ab", "", "cd");
		assertThat(decoder.next(in, 0)).isNull(); // nothing arrived: nothing read, no blocking
	}

	@ParameterizedTest
	@EnumSource(value = Framing.class, names = "RAW", mode = EnumSource.Mode.EXCLUDE)
	void aPartialMessageAtTheEndOfInputIsDiscardedAndSaidSo(Framing framing) throws IOException {
		FrameCodec codec = framing.codec(MAX, StandardCharsets.UTF_8);
		byte[] frame = frame(codec, bytes("hello"));
		FrameDecoder decoder = codec.newDecoder();
		assertThat(decoder.next(new ByteArrayInputStream(frame), frame.length - 1)).isNull();
		assertThat(decoder.pendingBytes()).isEqualTo(frame.length - 1);
		assertThatExceptionOfType(TruncatedFrameException.class).isThrownBy(decoder::finish);
	}

	@Test
	void rawTakesWhatIsAvailableAsOneMessageUpToTheLimit() throws IOException {
		FrameDecoder decoder = Framing.RAW.codec(4, StandardCharsets.UTF_8).newDecoder();
		InputStream in = new ByteArrayInputStream(bytes("bithbo"));
		assertThat(decoder.next(in, in.available())).isEqualTo(bytes("bith"));
		assertThat(decoder.next(in, in.available())).isEqualTo(bytes("bo"));
		assertThat(decoder.next(in, in.available())).isNull();
	}

	@Test
	void rawHoldsBackACharacterSplitAcrossReadsUntilItIsWhole() throws IOException {
		FrameDecoder decoder = Framing.RAW.codec(MAX, StandardCharsets.UTF_8).newDecoder();
		byte[] text = "a世b".getBytes(StandardCharsets.UTF_8); // 'a', 3 bytes, 'b'
		InputStream in = new ByteArrayInputStream(text);
		assertThat(decoder.next(in, 2)).isEqualTo(bytes("a")); // the first read ends inside 世
		assertThat(decoder.pendingBytes()).isEqualTo(1);
		assertThat(decoder.next(in, 1)).isNull(); // still not whole
		assertThat(strictUtf8(decoder.next(in, 2))).isEqualTo("世b");
	}

	@Test
	void rawBlockingReadsOneChunkLikeTheSeedsRecv() throws IOException {
		FrameCodec codec = Framing.RAW.codec(MAX, StandardCharsets.UTF_8);
		byte[] text = "世".getBytes(StandardCharsets.UTF_8);
		InputStream in = new ChunkedInput(Arrays.copyOfRange(text, 0, 1), Arrays.copyOfRange(text, 1, 3));
		assertThat(strictUtf8(codec.deserialize(in))).isEqualTo("世"); // waits for the rest of the character
		assertThatExceptionOfType(SoftEndOfStreamException.class).isThrownBy(() -> codec.deserialize(in));
	}

	@Test
	void rawBlockingReadsKeepACutCharacterForTheNextMessageThroughAPushbackStream() throws IOException {
		FrameCodec codec = Framing.RAW.codec(MAX, StandardCharsets.UTF_8);
		byte[] text = "a世b".getBytes(StandardCharsets.UTF_8);
		InputStream in = new java.io.PushbackInputStream(
				new ChunkedInput(Arrays.copyOfRange(text, 0, 2), Arrays.copyOfRange(text, 2, 5)), 8);
		assertThat(codec.deserialize(in)).isEqualTo(bytes("a"));
		assertThat(strictUtf8(codec.deserialize(in))).isEqualTo("世b");
	}

	@Test
	void rawPassesAnIncompleteCharacterThroughWhenTheInputEnds() throws IOException {
		FrameDecoder decoder = Framing.RAW.codec(MAX, StandardCharsets.UTF_8).newDecoder();
		assertThat(decoder.next(new ByteArrayInputStream(new byte[] { (byte) 0xe4, (byte) 0xb8 }), 2)).isNull();
		assertThat(decoder.finish()).containsExactly(0xe4, 0xb8);
		assertThat(Framing.RAW.codec(MAX, StandardCharsets.UTF_8)
			.deserialize(new ByteArrayInputStream(new byte[] { (byte) 0xe4, (byte) 0xb8 }))).containsExactly(0xe4, 0xb8);
	}

	@Test
	void rawInASingleByteCharsetNeverHoldsBack() throws IOException {
		FrameDecoder decoder = Framing.RAW.codec(MAX, StandardCharsets.ISO_8859_1).newDecoder();
		assertThat(decoder.next(new ByteArrayInputStream(new byte[] { 'a', (byte) 0xe4 }), 2)).containsExactly('a', 0xe4);
		assertThat(decoder.pendingBytes()).isZero();
	}

	private static String strictUtf8(byte[] bytes) throws IOException {
		return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
	}

	private static InputStream stream(FrameCodec codec, byte[]... payloads) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] payload : payloads) {
			out.write(frame(codec, payload));
		}
		return new ByteArrayInputStream(out.toByteArray());
	}

	private static byte[] frame(FrameCodec codec, byte[] payload) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		codec.serialize(payload, out);
		return out.toByteArray();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** Counts the bytes a codec took, to prove it stopped at the limit. */
	private static final class CountingInput extends ByteArrayInputStream {

		int consumed;

		CountingInput(byte[] bytes) {
			super(bytes);
		}

		@Override
		public synchronized int read() {
			int b = super.read();
			if (b >= 0) {
				this.consumed++;
			}
			return b;
		}

		@Override
		public synchronized int read(byte[] b, int off, int len) {
			int n = super.read(b, off, len);
			this.consumed += Math.max(n, 0);
			return n;
		}

	}

	/**
	 * Delivers its chunks one "read" at a time, as a socket does: available() never looks past the chunk being
	 * read; the next chunk "arrives" only when a read blocks for it.
	 */
	private static final class ChunkedInput extends InputStream {

		private final byte[][] chunks;

		private int chunk;

		private int offset;

		ChunkedInput(byte[]... chunks) {
			this.chunks = chunks;
		}

		@Override
		public int read() {
			nextChunkIfConsumed();
			return this.chunk < this.chunks.length ? this.chunks[this.chunk][this.offset++] & 0xff : -1;
		}

		/** Like a socket's read: waits for the next chunk if need be, then returns at most what is left of it. */
		@Override
		public int read(byte[] b, int off, int len) {
			int first = read();
			if (first < 0) {
				return -1;
			}
			b[off] = (byte) first;
			int n = Math.min(len - 1, available());
			System.arraycopy(this.chunks[this.chunk], this.offset, b, off + 1, n);
			this.offset += n;
			return n + 1;
		}

		@Override
		public int available() {
			return this.chunk < this.chunks.length ? this.chunks[this.chunk].length - this.offset : 0;
		}

		private void nextChunkIfConsumed() {
			if (this.chunk < this.chunks.length && this.offset == this.chunks[this.chunk].length) {
				this.chunk++;
				this.offset = 0;
			}
		}

	}

}
