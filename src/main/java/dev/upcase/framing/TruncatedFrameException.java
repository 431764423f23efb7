package dev.upcase.framing;

/**
 * The peer closed its side in the middle of a message; what it had sent of it is discarded.
 */
public class TruncatedFrameException extends FramingException {

	private static final long serialVersionUID = 1L;

	public TruncatedFrameException(int received) {
		super("connection closed in the middle of a message (" + received + " bytes of it discarded)");
	}

}
