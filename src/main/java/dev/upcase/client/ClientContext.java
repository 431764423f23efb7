package dev.upcase.client;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A running client Spring context: small, non-web, quiet, logging to stderr only, and sharing nothing with the
 * server's (no auto-configuration, not even the server's {@code application.properties}).
 */
final class ClientContext implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private ClientContext(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** Starts the context of {@link ClientConfiguration} for these settings. */
	static ClientContext start(ClientSettings settings) {
		return new ClientContext(new SpringApplicationBuilder(ClientConfiguration.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(properties(settings))
			.initializers(context -> context.getBeanFactory().registerSingleton("clientSettings", settings))
			.run());
	}

	private static Map<String, Object> properties(ClientSettings settings) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.config.name", "upcase-client"); // no such file: the server's settings stay out
		properties.put("logging.config", "classpath:dev/upcase/client/client-logback.xml");
		if (settings.verbose()) {
			properties.put("logging.level.root", "info");
			properties.put("logging.level.dev.upcase", "debug");
			properties.put("logging.level.org.springframework.integration.ip", "debug");
		}
		else {
			properties.put("logging.level.root", "warn");
			// The TCP gateway and connections log every failure as an ERROR, the gateway with a stack trace; the
			// CLI reports each one itself, in one line (ClientFailure).
			properties.put("logging.level.org.springframework.integration.ip", "off");
			properties.put("logging.level." + BufferedClientConnection.class.getName(), "off");
		}
		return properties;
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
