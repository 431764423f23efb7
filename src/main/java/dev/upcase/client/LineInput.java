package dev.upcase.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import org.jspecify.annotations.Nullable;

/**
 * Lines of a byte stream, as bytes: up to each LF, which is dropped; a CR before it is kept, and so is anything
 * that is not valid text, so that a request carries exactly the bytes of its line.
 */
final class LineInput {

	private final InputStream in;

	private final ByteArrayOutputStream line = new ByteArrayOutputStream();

	LineInput(InputStream in) {
		this.in = in;
	}

	/** @return the next line, or {@code null} at the end of the input (a last line without LF still counts) */
	byte @Nullable [] next() throws IOException {
		this.line.reset();
		for (int b = this.in.read(); b >= 0; b = this.in.read()) {
			if (b == '\n') {
				return this.line.toByteArray();
			}
			this.line.write(b);
		}
		return this.line.size() > 0 ? this.line.toByteArray() : null;
	}

	/** @return whether the next line can be read without waiting for the writer */
	boolean ready() throws IOException {
		return this.in.available() > 0;
	}

}
