package dev.upcase.client;

/**
 * The client's logging: plain Logback ({@code client-logback.xml}), everything on stderr so that stdout carries
 * nothing but replies. Quiet by default; {@code --verbose} opens it up.
 * <p>
 * Set through system properties because Logback reads its configuration once, when the first logger is asked for:
 * this runs before the client's context starts, before anything logs. The server never reads this file; Spring Boot configures its logging.
 */
final class ClientLogging {

	private static final String CONFIGURATION_FILE = "logback.configurationFile";

	private ClientLogging() {
	}

	/** Chooses the client's Logback configuration, unless the user named one ({@code -Dlogback.configurationFile}). */
	static void configure(boolean verbose) {
		if (System.getProperty(CONFIGURATION_FILE) == null) {
			System.setProperty(CONFIGURATION_FILE, "dev/upcase/client/client-logback.xml");
		}
		if (verbose) {
			System.setProperty("upcase.client.log.root", "INFO");
			System.setProperty("upcase.client.log.upcase", "DEBUG");
			System.setProperty("upcase.client.log.tcp", "DEBUG");
		}
	}

}
