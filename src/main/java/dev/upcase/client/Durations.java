package dev.upcase.client;

import java.time.Duration;

/**
 * Durations as the options take them, for messages: {@code 10s}, {@code 500ms}.
 */
public final class Durations {

	private Durations() {
	}

	public static String text(Duration duration) {
		long millis = duration.toMillis();
		return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
	}

}
