package dev.upcase.server.udp;

import java.util.Locale;

/** Why a datagram got no reply: the {@code reason} tag of {@code upcase.udp.datagrams.dropped}. */
enum DropReason {

	/**
	 * An empty datagram: its uppercase is empty, and Netty does not send an empty datagram (its datagram channels
	 * take a zero-length write as done without sending), so there is no reply to give; it is not handed to the flow.
	 */
	EMPTY,

	/** Over {@code upcase.udp.max-datagram-bytes}. */
	OVERSIZE,

	/** The endpoint is paused (admin API). */
	PAUSED,

	/** The endpoint is draining: the server is stopping, or an operator drained it. */
	DRAINING,

	/** The flow failed, the reply would not fit a datagram, or the socket did not take it. */
	ERROR;

	String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
