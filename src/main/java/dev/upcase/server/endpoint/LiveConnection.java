package dev.upcase.server.endpoint;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One open client connection, as the admin API and logs see it. Every getter reads a counter the connection keeps
 * anyway: cheap enough to list ten thousand of them, and nothing is added to the message path for it.
 */
public interface LiveConnection {

	/** @return the connection's id: short, unique for the life of the process, safe in a URL */
	String id();

	/** @return the endpoint that accepted it, e.g. {@code tcp} */
	String endpoint();

	/** @return the client's {@code address:port} ({@code [v6]:port} for IPv6) */
	String peer();

	/** @return the client's address alone, without the port */
	String peerAddress();

	/** @return the local port the client connected to */
	int localPort();

	/** @return the framing's configuration name */
	String framing();

	Instant openedAt();

	/** @return requests received whole */
	long messagesIn();

	/** @return replies written completely to the socket */
	long repliesOut();

	/** @return payload bytes of the requests received */
	long bytesIn();

	/** @return bytes of the replies written to the socket */
	long bytesOut();

	/** @return when the last whole request arrived, {@code null} before the first */
	@Nullable Instant lastMessageAt();

	/** @return when a byte last moved in either direction (what the idle timeout measures) */
	Instant lastActivityAt();

	/** @return reply bytes waiting for the client to read them */
	long unsentBytes();

	/**
	 * Closes the connection now: the client sees its connection end; requests not yet answered are not.
	 * @param reason why, for the log line and {@code upcase_connections_closed_total{reason}}
	 * @param detail what exactly, e.g. who asked; {@code null} when the reason says it all
	 */
	void close(CloseReason reason, @Nullable String detail);

}
