package dev.upcase.server.management;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says at start where the management endpoints answer, as a URL an operator can paste: the servlet container's own
 * line names a port only, not the address it is bound to nor the path.
 */
@Component
class ManagementAddressLogger implements ApplicationListener<WebServerInitializedEvent> {

	private static final Logger logger = LoggerFactory.getLogger(ManagementAddressLogger.class);

	private final Environment environment;

	ManagementAddressLogger(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		// with management.server.port set, the endpoints have a web server (and an address setting) of their own
		boolean own = "management".equals(event.getApplicationContext().getServerNamespace());
		if (!own && this.environment.containsProperty("management.server.port")) {
			return;
		}
		String address = this.environment.getProperty(own ? "management.server.address" : "server.address",
				this.environment.getProperty("server.address", "0.0.0.0"));
		String basePath = this.environment.getProperty("management.endpoints.web.base-path", "/actuator");
		logger.info("Management endpoints on http://{}:{}{} (health, info, metrics, prometheus; others need credentials)",
				address.contains(":") ? "[" + address + "]" : address, event.getWebServer().getPort(), basePath);
	}

}
