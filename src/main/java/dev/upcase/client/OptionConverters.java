package dev.upcase.client;

import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;

import dev.upcase.framing.Framing;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import org.springframework.boot.convert.DurationStyle;

/**
 * Option values written the way the server's settings are: framings by their configuration names
 * ({@code stx-etx}), durations as {@code 500ms}, {@code 10s}, {@code 1m}.
 */
public final class OptionConverters {

	private OptionConverters() {
	}

	static final class FramingConverter implements ITypeConverter<Framing> {

		@Override
		public Framing convert(String value) {
			return Arrays.stream(Framing.values())
				.filter(framing -> framing.configName().equals(value))
				.findFirst()
				.orElseThrow(() -> new TypeConversionException(
						"'" + value + "' is not a framing; choose one of " + String.join(", ", new FramingNames())));
		}

	}

	/** The framings' names, for the help text and shell completion. */
	static final class FramingNames implements Iterable<String> {

		@Override
		public Iterator<String> iterator() {
			return Arrays.stream(Framing.values()).map(Framing::configName).iterator();
		}

	}

	/**
	 * A positive duration with a unit. Unlike Spring's properties, a bare number is refused: {@code --timeout 10}
	 * would otherwise mean ten milliseconds.
	 */
	public static final class DurationConverter implements ITypeConverter<Duration> {

		@Override
		public Duration convert(String value) {
			if (value.chars().allMatch(Character::isDigit)) {
				throw notADuration(value);
			}
			Duration duration;
			try {
				duration = DurationStyle.detectAndParse(value);
			}
			catch (IllegalArgumentException ex) {
				throw notADuration(value);
			}
			if (duration.isNegative() || duration.isZero()) {
				throw new TypeConversionException("'" + value + "' must be longer than zero");
			}
			return duration;
		}

		private static TypeConversionException notADuration(String value) {
			return new TypeConversionException("'" + value + "' is not a duration; write it like 500ms, 10s or 1m");
		}

	}

}
