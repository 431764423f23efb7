package dev.upcase.framing;

/**
 * A message longer than {@code upcase.tcp.max-message-bytes}: it was not buffered past that limit.
 */
public class MessageTooLargeException extends FramingException {

	private static final long serialVersionUID = 1L;

	private final int limit;

	public MessageTooLargeException(int limit, String detail) {
		super("message over the limit of " + limit + " bytes (" + detail + ")");
		this.limit = limit;
	}

	public int limit() {
		return this.limit;
	}

}
