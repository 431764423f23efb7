package dev.upcase.server.management;

import java.net.InetAddress;

import org.apache.catalina.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says at start where the management endpoints answer, as a URL an operator can paste: the servlet container's own
 * line names a port only, not the address it is bound to nor the path. Scheme, address and port are read from the
 * running connector, not from the settings, so the line cannot claim loopback while the port is open to all.
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
		// with a management port of its own, the endpoints are on the web server of the "management" namespace
		boolean own = "management".equals(event.getApplicationContext().getServerNamespace());
		if (!own && ManagementPortType.get(this.environment) != ManagementPortType.SAME) {
			return;
		}
		String basePath = this.environment.getProperty("management.endpoints.web.base-path", "/actuator");
		String root = root(event.getWebServer());
		logger.info("Management endpoints on {}{} (health, info, metrics, prometheus; others need credentials); "
				+ "status page on {}/", root, basePath, root);
	}

	/** @return {@code scheme://address:port} as the connector is bound, {@code 0.0.0.0} standing for every interface */
	static String root(WebServer server) {
		String scheme = "http";
		String host = "0.0.0.0";
		if (server instanceof TomcatWebServer tomcat) {
			Connector connector = tomcat.getTomcat().getConnector();
			scheme = connector.getScheme();
			if (connector.getProperty("address") instanceof InetAddress address) {
				host = address.getHostAddress();
			}
		}
		return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.getPort();
	}

}
