package dev.upcase.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.upcase.client.ReplyDeserializer.ServerClosedException;
import dev.upcase.framing.Framing;
import dev.upcase.framing.TruncatedFrameException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Replies are read with the server's own codecs; the server closing between replies is an error a waiting
 * request hears about, not a quiet end.
 */
class ReplyDeserializerTest {

	private final ReplyDeserializer lines = new ReplyDeserializer(
			Framing.LINE.codec(ClientConnections.MAX_REPLY_BYTES, StandardCharsets.UTF_8));

	@Test
	void readsOneReplyPerFrame() throws IOException {
		ByteArrayInputStream in = new ByteArrayInputStream("ONE\nTWO\n".getBytes(StandardCharsets.UTF_8));
		assertThat(this.lines.deserialize(in)).isEqualTo("ONE".getBytes(StandardCharsets.UTF_8));
		assertThat(this.lines.deserialize(in)).isEqualTo("TWO".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void aCloseBetweenRepliesIsTheServerClosingTheConnection() {
		assertThatExceptionOfType(ServerClosedException.class)
			.isThrownBy(() -> this.lines.deserialize(new ByteArrayInputStream(new byte[0])));
	}

	@Test
	void aCloseInTheMiddleOfAReplyStaysATruncatedFrame() {
		assertThatExceptionOfType(TruncatedFrameException.class)
			.isThrownBy(() -> this.lines.deserialize(new ByteArrayInputStream("HALF".getBytes(StandardCharsets.UTF_8))));
	}

}
