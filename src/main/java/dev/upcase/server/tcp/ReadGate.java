package dev.upcase.server.tcp;

import java.util.EnumSet;
import java.util.Set;

import io.netty.channel.Channel;

/**
 * Whether a connection reads from its socket: it does unless something holds it back, and several things can at
 * once (a slow reader's unsent replies, the memory budget, a close in progress). Reading resumes only when none
 * does. Used on the connection's event loop only.
 */
final class ReadGate {

	enum Reason {

		/** The client has more unsent replies than {@code upcase.tcp.max-unsent-bytes}. */
		UNSENT_REPLIES,

		/** All connections together hold {@code upcase.tcp.max-buffered-bytes} of requests. */
		BUDGET,

		/** The connection is closing. */
		CLOSING

	}

	private final Channel channel;

	private final Set<Reason> holding = EnumSet.noneOf(Reason.class);

	ReadGate(Channel channel) {
		this.channel = channel;
	}

	void close(Reason reason) {
		if (this.holding.add(reason) && this.holding.size() == 1) {
			this.channel.config().setAutoRead(false);
		}
	}

	void open(Reason reason) {
		if (this.holding.remove(reason) && this.holding.isEmpty()) {
			this.channel.config().setAutoRead(true);
		}
	}

	boolean isOpen() {
		return this.holding.isEmpty();
	}

}
