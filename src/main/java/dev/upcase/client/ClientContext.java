package dev.upcase.client;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * A running client Spring context: {@link ClientConfiguration} in a plain annotation-config context. No Spring
 * Boot application around it (no auto-configuration, no property sources, no logging system, no server scan): it
 * starts in a fraction of a second, which a command-line tool called in a loop needs.
 */
public final class ClientContext implements AutoCloseable {

	private final AnnotationConfigApplicationContext context;

	private ClientContext(AnnotationConfigApplicationContext context) {
		this.context = context;
	}

	/** Starts the context of {@link ClientConfiguration} for these settings. */
	public static ClientContext start(ClientSettings settings) {
		ClientLogging.configure(settings.verbose());
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.getBeanFactory().registerSingleton("clientSettings", settings);
		context.register(ClientConfiguration.class);
		context.refresh();
		return new ClientContext(context);
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
