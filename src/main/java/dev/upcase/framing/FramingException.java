package dev.upcase.framing;

import java.io.IOException;

/**
 * A frame the server will not accept; the connection that sent it is closed.
 */
public class FramingException extends IOException {

	private static final long serialVersionUID = 1L;

	public FramingException(String message) {
		super(message);
	}

}
