package dev.upcase.server.config;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.springframework.util.unit.DataSize;

/**
 * What a setting of a type accepts, in the words of the README's configuration table: framings as {@code stx-etx},
 * not as the enum constant {@code STX_ETX}; durations and data sizes with their units.
 */
final class AcceptedValues {

	private AcceptedValues() {
	}

	static String of(Class<?> type) {
		if (type.isEnum()) {
			return "one of " + Arrays.stream(type.getEnumConstants())
				.map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
				.collect(Collectors.joining(", "));
		}
		if (type == Duration.class) {
			return "a duration with a unit, e.g. 500ms, 30s, 5m, 1h (units: ns, us, ms, s, m, h, d)";
		}
		if (type == DataSize.class) {
			return "a data size with a unit, e.g. 512B, 8KB, 64KB, 1MB (units: B, KB, MB, GB, TB)";
		}
		if (Charset.class.isAssignableFrom(type)) {
			return "the name of a charset this Java runtime knows, e.g. UTF-8, US-ASCII, ISO-8859-1";
		}
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
			return "a whole number";
		}
		if (type == double.class || type == Double.class) {
			return "a number, e.g. 1 or 1.5";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		return "a " + type.getSimpleName();
	}

}
