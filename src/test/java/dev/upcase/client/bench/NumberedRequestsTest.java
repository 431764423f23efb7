package dev.upcase.client.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UDP bench's requests: lowercase letters that carry their number, and replies that are known by it.
 */
class NumberedRequestsTest {

	@Test
	void aRequestIsLowercaseLettersThatBeginWithItsNumberInBase26() {
		NumberedRequests requests = new NumberedRequests(32, 7);
		for (long number : new long[] { 0, 1, 25, 26, 27, 12_345, 308_915_775 }) {
			String request = text(requests.request(number));
			assertThat(request).hasSize(32).matches("[a-z]+");
			assertThat(base26(request.substring(0, 6))).as(request).isEqualTo(number);
		}
		assertThat(text(requests.request(0))).startsWith("aaaaaa");
		assertThat(text(requests.request(27))).startsWith("aaaabb");
		assertThat(requests.numbers()).isEqualTo(308_915_776L);
	}

	@Test
	void theUppercaseOfARequestIsKnownAsTheReplyToIt() {
		NumberedRequests requests = new NumberedRequests(48, 3);
		for (long number : new long[] { 0, 5, 63, 64, 1_000_003 }) {
			byte[] reply = uppercase(requests.request(number));
			assertThat(requests.numberOf(reply, reply.length)).isEqualTo(number);
			// in a receive buffer larger than the datagram
			byte[] buffer = Arrays.copyOf(reply, 100);
			buffer[reply.length] = 'X';
			assertThat(requests.numberOf(buffer, reply.length)).isEqualTo(number);
		}
	}

	@Test
	void anyOtherReplyIsWrong() {
		NumberedRequests requests = new NumberedRequests(32, 3);
		byte[] request = requests.request(1234).clone();
		byte[] reply = uppercase(request);
		assertThat(requests.numberOf(request, request.length)).as("an echo, not uppercased").isEqualTo(-1);
		assertThat(requests.numberOf(reply, reply.length - 1)).as("cut short").isEqualTo(-1);
		assertThat(requests.numberOf(Arrays.copyOf(reply, 33), 33)).as("one byte too many").isEqualTo(-1);
		byte[] tail = reply.clone();
		tail[20] = (byte) (tail[20] == 'A' ? 'B' : 'A');
		assertThat(requests.numberOf(tail, tail.length)).as("a letter after the number changed").isEqualTo(-1);
		byte[] number = reply.clone();
		number[5] = (byte) (number[5] == 'A' ? 'B' : 'A'); // another request's number: its other letters differ
		assertThat(requests.numberOf(number, number.length)).as("another number, these letters").isEqualTo(-1);
		assertThat(requests.numberOf(new byte[0], 0)).isEqualTo(-1);
	}

	@Test
	void shortRequestsCarryFewerNumbers() {
		assertThat(NumberedRequests.numbers(1)).isEqualTo(26);
		assertThat(NumberedRequests.numbers(2)).isEqualTo(676);
		assertThat(NumberedRequests.numbers(6)).isEqualTo(308_915_776L);
		assertThat(NumberedRequests.numbers(65_507)).isEqualTo(308_915_776L);
		NumberedRequests one = new NumberedRequests(1, 1);
		for (long number = 0; number < 26; number++) {
			byte[] request = one.request(number);
			assertThat(request).containsExactly((byte) ('a' + number));
			assertThat(one.numberOf(uppercase(request), 1)).isEqualTo(number);
		}
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.US_ASCII);
	}

	private static byte[] uppercase(byte[] request) {
		return text(request).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
	}

	private static long base26(String letters) {
		long number = 0;
		for (char letter : letters.toCharArray()) {
			number = number * 26 + (letter - 'a');
		}
		return number;
	}

}
