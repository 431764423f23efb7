package dev.upcase.server.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.stereotype.Component;

/**
 * Stops the start when an {@code upcase.*} property names no setting ({@code --upcase.tcp.frameing=line}): Spring
 * Boot binds what it knows and ignores the rest, so a misspelled setting would otherwise leave its default in force
 * without a word. Each unknown name gets one line with the nearest real setting ({@link UnknownSettingsException}).
 * <p>
 * The settings there are come from the {@code @ConfigurationProperties} records under {@code upcase.} that this
 * context defines ({@link KnownSettings}), read from their bean definitions: no class-path scanning, and it runs as
 * a bean factory post-processor, before any bean exists, so nothing listens yet when it refuses.
 * <p>
 * Command-line arguments, system properties and configuration files are checked in full. The process environment is
 * shared with everything else on the machine, so there only names inside a settings group ({@code UPCASE_TCP_*},
 * {@code UPCASE_UDP_*}, ...) are checked, and never a Kubernetes service link: a Service named {@code upcase}
 * gives every pod {@code UPCASE_SERVICE_HOST}, {@code UPCASE_PORT=tcp://...}, {@code UPCASE_PORT_8000_TCP_ADDR};
 * one named {@code upcase-tcp} would give {@code UPCASE_TCP_SERVICE_HOST}. Those are somebody else's variables.
 */
@Component
class UnknownSettingsCheck implements BeanFactoryPostProcessor, EnvironmentAware {

	private static final String PREFIX = "upcase.";

	private static final String ENVIRONMENT_PREFIX = "UPCASE_";

	/** Kubernetes' service-link variables: {NAME}_SERVICE_HOST, {NAME}_SERVICE_PORT[_{PORT}], {NAME}_PORT_{n}_{PROTO}... */
	private static final Pattern SERVICE_LINK = Pattern
		.compile("[A-Z0-9_]+_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT_\\d+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?)");

	/** ... and {NAME}_PORT=tcp://10.0.0.11:8000 */
	private static final Pattern SERVICE_LINK_ADDRESS = Pattern.compile("(tcp|udp|sctp)://[^/]+:\\d+");

	private @Nullable ConfigurableEnvironment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = (environment instanceof ConfigurableEnvironment configurable) ? configurable : null;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (this.environment == null) {
			return;
		}
		KnownSettings known = new KnownSettings(KnownSettings.upcaseProperties(beanFactory));
		List<String> unknown = new ArrayList<>();
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (source instanceof EnumerablePropertySource<?> enumerable) {
				for (String name : enumerable.getPropertyNames()) {
					String problem = check(known, enumerable, name);
					if (problem != null) {
						unknown.add(problem);
					}
				}
			}
		}
		if (!unknown.isEmpty()) {
			throw new UnknownSettingsException(List.copyOf(new LinkedHashSet<>(unknown)));
		}
	}

	/** @return the line for a property that names no setting, or {@code null} */
	private static @Nullable String check(KnownSettings known, EnumerablePropertySource<?> source, String name) {
		if (source instanceof SystemEnvironmentPropertySource) {
			return checkEnvironment(known, source, name);
		}
		if (!name.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
			return null;
		}
		ConfigurationPropertyName adapted = ConfigurationPropertyName.adapt(name, '.');
		if (known.contains(adapted)) {
			return null;
		}
		String nearest = NearestName.among(adapted.toString(), known.names());
		return UnknownSettingsException.line(name, origin(source, name),
				nearest != null ? "did you mean " + nearest + "?" : null);
	}

	private static @Nullable String checkEnvironment(KnownSettings known, PropertySource<?> source, String name) {
		String upper = name.toUpperCase(Locale.ROOT);
		if (!upper.startsWith(ENVIRONMENT_PREFIX) || isServiceLink(upper, source.getProperty(name))) {
			return null;
		}
		String group = upper.substring(ENVIRONMENT_PREFIX.length()).split("_", 2)[0].toLowerCase(Locale.ROOT);
		if (!known.groups().contains(group)) {
			return null;
		}
		Map<String, String> settingByVariable = known.settingByEnvironmentName();
		if (settingByVariable.containsKey(upper)) {
			return null;
		}
		String nearest = NearestName.among(upper, settingByVariable.keySet());
		return UnknownSettingsException.line(name, origin(source, name),
				nearest != null ? "did you mean " + nearest + " (" + settingByVariable.get(nearest) + ")?" : null);
	}

	private static boolean isServiceLink(String name, @Nullable Object value) {
		return SERVICE_LINK.matcher(name).matches() || (name.endsWith("_PORT") && value != null
				&& SERVICE_LINK_ADDRESS.matcher(value.toString()).matches());
	}

	private static String origin(PropertySource<?> source, String name) {
		Origin origin = PropertySourceOrigin.get(source, name);
		return (origin != null) ? origin.toString() : "property source \"" + source.getName() + "\"";
	}

}
