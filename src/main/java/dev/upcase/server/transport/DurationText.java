package dev.upcase.server.transport;

import java.time.Duration;

/**
 * A duration as an operator writes the setting, for log lines and start-up messages: {@code 30s}, {@code 1500ms}.
 */
public final class DurationText {

	private DurationText() {
	}

	public static String of(Duration duration) {
		return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

}
