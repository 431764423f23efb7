package dev.upcase.server.config;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.ssl.JksSslBundleProperties;
import org.springframework.boot.autoconfigure.ssl.PemSslBundleProperties;
import org.springframework.boot.autoconfigure.ssl.SslProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;

/**
 * A file of an SSL bundle ({@code spring.ssl.bundle.pem.*.keystore.certificate}, {@code .private-key}, the trust
 * store's, {@code spring.ssl.bundle.jks.*.location}) that does not exist or cannot be read: one line per such file
 * with the property, where it was set, and the path as it was resolved, instead of the hundred lines of stack trace
 * that end in {@code FileNotFoundException}.
 * <p>
 * Boot opens the files when the bundle is first used (by the TLS endpoint, or by the file watcher of
 * {@code reload-on-update}), and each way fails with a different chain of exceptions; so this does not read the
 * chain beyond "an I/O failure": it looks at every bundle file the settings name and reports the ones missing. When
 * all are there, the failure was something else, and Boot's report stands.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class SslFileFailureAnalyzer extends AbstractFailureAnalyzer<IOException> {

	private final Environment environment;

	SslFileFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, IOException cause) {
		SslProperties.Bundles bundles;
		try {
			bundles = Binder.get(this.environment).bindOrCreate("spring.ssl", SslProperties.class).getBundle();
		}
		catch (RuntimeException ex) {
			return null; // the settings themselves do not bind: Boot's own analysis says why
		}
		List<String> missing = new ArrayList<>();
		List<String> properties = new ArrayList<>();
		for (Map.Entry<String, PemSslBundleProperties> pem : bundles.getPem()
			.entrySet()) {
			String prefix = "spring.ssl.bundle.pem." + pem.getKey() + ".";
			check(prefix + "keystore.certificate", pem.getValue().getKeystore().getCertificate(), missing, properties);
			check(prefix + "keystore.private-key", pem.getValue().getKeystore().getPrivateKey(), missing, properties);
			check(prefix + "truststore.certificate", pem.getValue().getTruststore().getCertificate(), missing,
					properties);
			check(prefix + "truststore.private-key", pem.getValue().getTruststore().getPrivateKey(), missing,
					properties);
		}
		for (Map.Entry<String, JksSslBundleProperties> jks : bundles.getJks()
			.entrySet()) {
			String prefix = "spring.ssl.bundle.jks." + jks.getKey() + ".";
			check(prefix + "keystore.location", jks.getValue().getKeystore().getLocation(), missing, properties);
			check(prefix + "truststore.location", jks.getValue().getTruststore().getLocation(), missing, properties);
		}
		if (missing.isEmpty()) {
			return null;
		}
		String action = "Point " + String.join(" and ", properties) + " at the file"
				+ ((properties.size() > 1) ? "s" : "") + " (file:/etc/upcase/tls.crt, or a path relative to the "
				+ "working directory, " + Path.of("").toAbsolutePath() + "), or put the file there. A PEM bundle takes "
				+ "the server's certificate (chain) and its private key as PEM files; a JKS bundle a JKS or PKCS12 key "
				+ "store. The server needs read access to each.";
		return new FailureAnalysis(String.join(System.lineSeparator(), missing), action, cause);
	}

	private void check(String property, @Nullable String location, List<String> missing, List<String> properties) {
		if (location == null || location.isBlank() || location.contains("-----BEGIN")) {
			return; // not set, or the PEM text itself rather than a file
		}
		String problem = problem(location);
		if (problem != null) {
			missing.add("upcase cannot start with " + property + "=" + location + " (set by " + origin(property)
					+ "): " + problem + ".");
			properties.add(property);
		}
	}

	/** @return why the file cannot be read, naming it as resolved, or {@code null} when it can */
	private static @Nullable String problem(String location) {
		Resource resource = ApplicationResourceLoader.get().getResource(location);
		if (resource.isFile()) {
			try {
				File file = resource.getFile();
				Path path = file.toPath().toAbsolutePath().normalize();
				if (!Files.exists(path)) {
					return path + " does not exist";
				}
				if (!Files.isRegularFile(path)) {
					return path + " is not a file";
				}
				if (!Files.isReadable(path)) {
					return path + " cannot be read by this user (" + System.getProperty("user.name") + ")";
				}
				return null;
			}
			catch (IOException ex) {
				return null;
			}
		}
		return resource.exists() ? null : resource.getDescription() + " does not exist";
	}

	private String origin(String property) {
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty given = source.getConfigurationProperty(name);
			if (given != null && given.getOrigin() != null) {
				return given.getOrigin().toString();
			}
		}
		return "the settings";
	}

}
