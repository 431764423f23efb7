package dev.upcase.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Pipe mode, streamed, for framings that mark where a message ends: lines go out without waiting for their
 * replies, up to {@value #WINDOW} ahead, on one {@link PipelinedConnection}; the replies, which the server sends in
 * request order, are written as they come. Same contract as {@link PipeSession}: one reply line per input line, in
 * order, nothing else on stdout.
 * <p>
 * Before it waits for more input, the session writes every reply still due and flushes: a program that feeds
 * lines one at a time and waits gets each reply at once, while a file streams through in large writes.
 */
final class PipelinedPipeSession {

	/** Requests in flight at most: bounds what the client and the server hold for this connection. */
	static final int WINDOW = 512;

	private final PipelinedConnection connection;

	PipelinedPipeSession(PipelinedConnection connection) {
		this.connection = connection;
	}

	void run(InputStream stdin, OutputStream stdout) throws IOException {
		this.connection.connect(); // a server that is not there is reported before any input is read
		LineInput lines = new LineInput(stdin);
		int inFlight = 0;
		boolean moreLines = true;
		try {
			while (moreLines || inFlight > 0) {
				// send while there is room, and while the next line is there without waiting for its writer
				while (moreLines && inFlight < WINDOW && (inFlight == 0 || lines.ready())) {
					byte[] line = lines.next();
					if (line == null) {
						moreLines = false;
					}
					else {
						this.connection.send(line);
						inFlight++;
					}
				}
				if (inFlight > 0) {
					stdout.write(this.connection.nextReply());
					stdout.write('\n');
					if (--inFlight == 0) {
						stdout.flush();
					}
				}
			}
		}
		finally {
			stdout.flush(); // after a failure too: the replies that came are the caller's
		}
	}

}
