package dev.upcase.server.tcp;

import dev.upcase.server.endpoint.CloseReason;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Knows when the application starts to stop, so that connections closed from then on are closed for
 * {@link CloseReason#SHUTDOWN}.
 */
final class ServerLifecycleState implements ServerConnectionSupport.ServerState, ApplicationListener<ContextClosedEvent> {

	private volatile boolean stopping;

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		this.stopping = true;
	}

	@Override
	public boolean stopping() {
		return this.stopping;
	}

}
