package dev.upcase.server.management;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * A management port of its own ({@code management.server.port}) listens where the HTTP port does
 * ({@code server.address}, loopback in the jar's defaults) unless {@code management.server.address} says otherwise.
 * Spring Boot's own default for a separate management port is every interface, so setting a port alone would have
 * opened the admin API to the network. The default is the last property source: any setting of
 * {@code management.server.address} wins, and none is added when the management port is the HTTP port (where
 * Boot refuses a management address).
 */
class ManagementAddressDefault implements EnvironmentPostProcessor {

	static final String SOURCE = "upcase-management-address-default";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String serverAddress = environment.getProperty("server.address");
		if (serverAddress == null || environment.containsProperty("management.server.address")
				|| ManagementPortType.get(environment) != ManagementPortType.DIFFERENT) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(SOURCE, Map.of("management.server.address", serverAddress)));
	}

}
