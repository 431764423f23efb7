package dev.upcase.client;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.integration.annotation.MessagingGateway;

/**
 * The client's view of the server: one request in, its reply out. A Spring Integration gateway proxy implements
 * it in front of the TCP outbound gateway ({@link ClientConfiguration#upcaseClientFlow}).
 * <p>
 * Safe to call from several threads at once: each thread has a connection of its own.
 */
@MessagingGateway
@Conditional(UpcaseClient.RegisteredByTheClientFlowOnly.class)
interface UpcaseClient {

	/**
	 * Sends one message and waits for its reply (at most the client's timeout).
	 * @param request the message, without framing
	 * @return the reply, without framing
	 * @throws org.springframework.messaging.MessagingException when there is no connection or no reply;
	 * {@link ClientFailure#of} says which
	 */
	byte[] exchange(byte[] request);

	/**
	 * Keeps classpath scans from registering this gateway. Spring Boot's automatic
	 * {@code @IntegrationComponentScan} scans every package under {@code dev.upcase} for {@code @MessagingGateway}
	 * interfaces, this one included, and it ignores the server's component-scan exclusions, so without this the
	 * server's context would get a client gateway. The scanner honours {@code @Conditional} on its candidates;
	 * {@code IntegrationFlow.from(UpcaseClient.class)}, which registers the gateway in the client's own context, does
	 * not consult it.
	 */
	final class RegisteredByTheClientFlowOnly implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return false;
		}

	}

}
