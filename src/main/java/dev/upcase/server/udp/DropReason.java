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
	ERROR,

	/**
	 * The source is this server's own UDP socket (its address and port: a spoofed source, or the unspecified
	 * address): the reply would come back to the server as a new request, and so on for ever.
	 */
	LOOP,

	/**
	 * The source port is below 1024 (0 included), where echo, chargen, daytime, DNS, NTP and the like answer: a reply
	 * there may be answered again, and a spoofed request would start a loop between that service and this one.
	 */
	PRIVILEGED_PORT,

	/** The source address has had its share of replies ({@code upcase.udp.per-source-rate} and burst). */
	RATE_LIMITED,

	/** The reply would be longer than {@code upcase.udp.max-reply-ratio} times its request. */
	AMPLIFICATION;

	/** @return the tag as the README spells it: {@code privileged-port} */
	String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
