package dev.upcase.server.config;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

/**
 * Turns a bad {@code upcase.*} setting into Boot's short "APPLICATION FAILED TO START" report, one line per bad
 * setting: the property as the README spells it, the value given, where it was given, and what is accepted.
 * <p>
 * It covers both ways a setting fails. A value that does not convert ({@code framing=bogus}, {@code 5 minutes})
 * fails binding: the line says what the property's type accepts ({@link AcceptedValues}). A value that converts
 * but breaks a rule fails validation; a cross-check written as an {@code @AssertTrue} method
 * ({@code isMaxMessageBytesInRange}) is reported by Bean Validation under the method's name, so the line names the
 * property that method checks instead: the longest property name the method's name starts with. Settings outside
 * {@code upcase.*} keep Spring Boot's own report.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class SettingsFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

	private static final String PREFIX = "upcase.";

	private static final String ACTION = "Correct the setting; the README's configuration table lists every upcase.* "
			+ "setting, what it accepts and its default.";

	private final @Nullable BeanFactory beanFactory;

	private final @Nullable Environment environment;

	SettingsFailureAnalyzer(@Nullable BeanFactory beanFactory, @Nullable Environment environment) {
		this.beanFactory = beanFactory;
		this.environment = environment;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException failure) {
		if (!failure.getName().toString().startsWith(PREFIX)) {
			return null;
		}
		if (failure.getCause() instanceof BindValidationException validation) {
			Class<?> settings = failure.getTarget().getType().resolve(Object.class);
			List<String> lines = validation.getValidationErrors()
				.getAllErrors()
				.stream()
				.map(error -> line(validation.getValidationErrors(), settings, error))
				.sorted() // by property: Bean Validation reports in no particular order
				.toList();
			return new FailureAnalysis(String.join(System.lineSeparator(), lines), ACTION, failure);
		}
		List<String> all = everyProblemOfItsRecord(failure.getName());
		String lines = (all != null) ? String.join(System.lineSeparator(), all)
				: conversionLine(failure.getName(), failure.getProperty(), failure.getTarget());
		return new FailureAnalysis(lines, ACTION, failure);
	}

	private static String conversionLine(ConfigurationPropertyName name, @Nullable ConfigurationProperty given,
			Bindable<?> target) {
		String value = given != null ? String.valueOf(given.getValue()) : "(no value)";
		String accepted = AcceptedValues.of(target.getType().resolve(Object.class));
		return notAccepted(name.toString(), value, given) + ": it must be " + accepted + ".";
	}

	/**
	 * Binding stops at the first value that does not convert, before any rule is checked; so that one start names
	 * every mistake in the settings of that record, bind it again, noting each value that does not convert and going
	 * on with its default, then validate what came of it.
	 * @return one line per bad setting of the record that holds {@code failed}, sorted by property, or {@code null}
	 * when that cannot be done here (and the failure's own line stands)
	 */
	private @Nullable List<String> everyProblemOfItsRecord(ConfigurationPropertyName failed) {
		if (!(this.beanFactory instanceof ConfigurableListableBeanFactory definitions) || this.environment == null) {
			return null;
		}
		Map.Entry<String, Class<?>> record = KnownSettings.upcaseProperties(definitions)
			.entrySet()
			.stream()
			.filter(prefix -> ConfigurationPropertyName.of(prefix.getKey()).isAncestorOf(failed))
			.findFirst()
			.orElse(null);
		if (record == null) {
			return null;
		}
		Map<String, String> lines = new TreeMap<>();
		BindHandler noting = new AbstractBindHandler() {
			@Override
			public @Nullable Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
					Exception error) {
				if (context.getConfigurationProperty() != null) { // else a record failing for its values, said
					String line = conversionLine(name, context.getConfigurationProperty(), target);
					lines.put(line.substring(0, line.indexOf('=')), line);
				}
				return null;
			}
		};
		try (LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean()) {
			validator.afterPropertiesSet();
			Binder.get(this.environment)
				.bind(record.getKey(), Bindable.of(record.getValue()), new ValidationBindHandler(noting, validator));
		}
		catch (BindException ex) {
			if (!(ex.getCause() instanceof BindValidationException validation)) {
				return null;
			}
			ValidationErrors errors = validation.getValidationErrors();
			for (ObjectError error : errors.getAllErrors()) {
				String line = line(errors, record.getValue(), error);
				// by property; one that did not convert is said already (its default stood in, or null broke a rule)
				lines.putIfAbsent(line.substring(0, line.indexOf('=')), line);
			}
		}
		catch (RuntimeException ex) {
			return null;
		}
		return lines.isEmpty() ? null : List.copyOf(lines.values());
	}

	private static String line(ValidationErrors errors, Class<?> settings, ObjectError error) {
		String message = String.valueOf(error.getDefaultMessage());
		if (!(error instanceof FieldError field)) {
			return errors.getName() + ": " + message + ".";
		}
		String property = errors.getName() + "." + DataObjectPropertyName.toDashedForm(checkedProperty(settings,
				field.getField()));
		ConfigurationProperty given = errors.getBoundProperties()
			.stream()
			.filter(bound -> bound.getName().toString().equals(property))
			.findFirst()
			.orElse(null);
		String value = given != null ? String.valueOf(given.getValue()) : "(its default)";
		if (message.startsWith(property + " ")) { // a message that names its property already
			message = message.substring(property.length() + 1);
		}
		return notAccepted(property, value, given) + ": it " + message + ".";
	}

	/**
	 * @param field what Bean Validation reports: a property ({@code port}) or, for an {@code @AssertTrue} method, the
	 * method's name without {@code is} ({@code maxMessageBytesInRange})
	 * @return the property it is about ({@code maxMessageBytes}), or the field itself
	 */
	private static String checkedProperty(Class<?> settings, String field) {
		Stream<String> properties = settings.isRecord()
				? Stream.of(settings.getRecordComponents()).map(component -> component.getName())
				: Stream.of(BeanUtils.getPropertyDescriptors(settings)).map(descriptor -> descriptor.getName());
		return properties.filter(field::startsWith).max(Comparator.comparingInt(String::length)).orElse(field);
	}

	private static String notAccepted(String property, String value, @Nullable ConfigurationProperty given) {
		String origin = (given != null && given.getOrigin() != null) ? " (set by " + given.getOrigin() + ")" : "";
		return "upcase cannot start with " + property + "=" + value + origin;
	}

}
