package dev.upcase.client;

import org.springframework.integration.annotation.MessagingGateway;

/**
 * The client's view of the server: one request in, its reply out. A Spring Integration gateway proxy implements
 * it in front of the TCP outbound gateway ({@link ClientConfiguration#upcaseClientFlow}).
 * <p>
 * Safe to call from several threads at once: each thread has a connection of its own.
 */
@MessagingGateway
interface UpcaseClient {

	/**
	 * Sends one message and waits for its reply (at most the client's timeout).
	 * @param request the message, without framing
	 * @return the reply, without framing
	 * @throws org.springframework.messaging.MessagingException when there is no connection or no reply;
	 * {@link ClientFailure#of} says which
	 */
	byte[] exchange(byte[] request);

}
