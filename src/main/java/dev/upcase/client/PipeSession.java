package dev.upcase.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Pipe mode: one request per input line, one reply line per request, in order, on one connection; nothing but
 * replies on stdout.
 * <p>
 * A line's bytes go out as they are, framed with the chosen framing (in raw framing: unframed, and the reply is
 * what one read brings; an empty line, which raw framing cannot send, is answered with an empty line). Each
 * reply is written followed by LF. Output is flushed whenever no further input is
 * waiting, so a program feeding lines one at a time sees each reply at once, while a file goes through in large
 * writes.
 */
final class PipeSession {

	private final Exchange client;

	PipeSession(Exchange client) {
		this.client = client;
	}

	void run(InputStream stdin, OutputStream stdout) throws IOException {
		LineInput lines = new LineInput(stdin);
		try {
			for (byte[] line = lines.next(); line != null; line = lines.next()) {
				stdout.write(this.client.exchange(line));
				stdout.write('\n');
				if (!lines.ready()) {
					stdout.flush();
				}
			}
		}
		finally {
			stdout.flush(); // after a failure too: the replies that came are the caller's
		}
	}

}
