package dev.upcase.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input lines as the bytes of each request: LF ends a line and is dropped, everything else is kept.
 */
class LineInputTest {

	@Test
	void splitsAtLineFeedsKeepingCarriageReturnsEmptyLinesAndBytesThatAreNotText() throws IOException {
		byte[] input = { 'a', '\n', '\n', 'b', '\r', '\n', (byte) 0xff, (byte) 0xc3, '\n', 'l', 'a', 's', 't' };
		assertThat(lines(input)).containsExactly(new byte[] { 'a' }, new byte[0], new byte[] { 'b', '\r' },
				new byte[] { (byte) 0xff, (byte) 0xc3 }, new byte[] { 'l', 'a', 's', 't' });
	}

	@Test
	void noInputIsNoLines() throws IOException {
		assertThat(lines(new byte[0])).isEmpty();
		assertThat(lines(new byte[] { '\n' })).containsExactly(new byte[0]);
	}

	private static List<byte[]> lines(byte[] input) throws IOException {
		LineInput lines = new LineInput(new ByteArrayInputStream(input));
		List<byte[]> all = new ArrayList<>();
		for (byte[] line = lines.next(); line != null; line = lines.next()) {
			all.add(line);
		}
		return all;
	}

}
