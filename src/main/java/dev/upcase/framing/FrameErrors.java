package dev.upcase.framing;

import io.netty.handler.codec.TooLongFrameException;

/** The wording of framing errors, one place for all decoders: the close line shows it to operators. */
final class FrameErrors {

	private FrameErrors() {
	}

	static TooLongFrameException tooLong(long limit, String detail) {
		return new TooLongFrameException("message over the limit of " + limit + " bytes (" + detail + ")");
	}

}
