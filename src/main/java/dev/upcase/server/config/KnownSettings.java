package dev.upcase.server.config;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;

/**
 * Every {@code upcase.*} setting there is, read from the {@code @ConfigurationProperties} records that bind them: a
 * record component is a setting ({@code TcpProperties.maxMessageBytes} is {@code upcase.tcp.max-message-bytes}), a
 * nested record a group of settings ({@code upcase.tcp.ssl.*}), a map or collection a setting whose keys or indexes
 * are free ({@code upcase.x.y.anything}). A properties class that is not a record binds its own way: its whole
 * prefix counts as known, so nothing it accepts is ever refused.
 */
final class KnownSettings {

	private static final String PREFIX = "upcase.";

	private final List<ConfigurationPropertyName> names = new ArrayList<>();

	private final List<ConfigurationPropertyName> openPrefixes = new ArrayList<>();

	private final Set<String> groups = new TreeSet<>();

	private final Map<String, String> settingByEnvironmentName = new TreeMap<>();

	/**
	 * @param prefixedTypes each {@code @ConfigurationProperties} prefix and the type bound to it
	 */
	KnownSettings(Map<String, Class<?>> prefixedTypes) {
		prefixedTypes.forEach((prefix, type) -> add(ConfigurationPropertyName.of(prefix), type));
		this.names.stream()
			.filter(name -> name.getNumberOfElements() > 2)
			.forEach(name -> this.groups.add(name.getElement(1, ConfigurationPropertyName.Form.UNIFORM)));
		names().forEach(setting -> environmentNames(setting)
			.forEach(variable -> this.settingByEnvironmentName.put(variable, setting)));
	}

	private void add(ConfigurationPropertyName prefix, Class<?> type) {
		if (!type.isRecord()) {
			this.openPrefixes.add(prefix);
			return;
		}
		for (RecordComponent component : type.getRecordComponents()) {
			ConfigurationPropertyName name = prefix.append(DataObjectPropertyName.toDashedForm(component.getName()));
			Class<?> componentType = component.getType();
			if (componentType.isRecord()) {
				add(name, componentType);
			}
			else {
				this.names.add(name);
				if (Map.class.isAssignableFrom(componentType) || Collection.class.isAssignableFrom(componentType)
						|| componentType.isArray()) {
					this.openPrefixes.add(name);
				}
			}
		}
	}

	/** @return whether a property of that name (in any of Boot's relaxed spellings) sets something */
	boolean contains(ConfigurationPropertyName name) {
		return this.names.contains(name) || this.openPrefixes.stream().anyMatch(prefix -> prefix.isAncestorOf(name));
	}

	/** @return every setting, as the README spells it: {@code upcase.tcp.max-message-bytes} */
	List<String> names() {
		return this.names.stream().map(ConfigurationPropertyName::toString).sorted().toList();
	}

	/** @return the groups settings live in, as the second part of their names: {@code tcp}, {@code udp}, ... */
	Set<String> groups() {
		return this.groups;
	}

	/** @return each environment variable a setting is read from ({@link #environmentNames}), and the setting */
	Map<String, String> settingByEnvironmentName() {
		return this.settingByEnvironmentName;
	}

	/**
	 * The names Spring Boot binds a setting from in the environment: {@code upcase.tcp.max-message-bytes} is
	 * {@code UPCASE_TCP_MAXMESSAGEBYTES} and, in the older spelling Boot still reads, {@code UPCASE_TCP_MAX_MESSAGE_BYTES}.
	 */
	static List<String> environmentNames(String setting) {
		String upper = setting.toUpperCase(Locale.ROOT).replace('.', '_');
		String current = upper.replace("-", "");
		String legacy = upper.replace('-', '_');
		return current.equals(legacy) ? List.of(current) : List.of(current, legacy);
	}

	/** @return each {@code upcase.*} prefix and the type bound to it, from the bean definitions */
	static Map<String, Class<?>> upcaseProperties(ConfigurableListableBeanFactory beanFactory) {
		Map<String, Class<?>> properties = new TreeMap<>();
		for (String name : beanFactory.getBeanDefinitionNames()) {
			BeanDefinition definition = beanFactory.getBeanDefinition(name);
			Class<?> type = definition.getResolvableType().resolve();
			if (type == null || !type.getName().startsWith("dev.upcase.")) {
				continue; // Spring's and Boot's own beans bind no upcase.* setting; no need to look at them
			}
			MergedAnnotation<ConfigurationProperties> annotation = MergedAnnotations.from(type)
				.get(ConfigurationProperties.class);
			if (annotation.isPresent()) {
				String prefix = annotation.getString("prefix");
				if ((prefix + ".").startsWith(PREFIX)) {
					properties.put(prefix, type);
				}
			}
		}
		return properties;
	}

}
