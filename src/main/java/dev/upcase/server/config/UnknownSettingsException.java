package dev.upcase.server.config;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One or more {@code upcase.*} properties that name no setting; {@link UnknownSettingsFailureAnalyzer} reports them,
 * one line each. The values are left out: a misspelled name may well hold a password.
 */
class UnknownSettingsException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final List<String> lines;

	UnknownSettingsException(List<String> lines) {
		super(String.join(System.lineSeparator(), lines));
		this.lines = lines;
	}

	List<String> lines() {
		return this.lines;
	}

	static String line(String name, String origin, @Nullable String suggestion) {
		return "upcase cannot start with " + name + " (set by " + origin + "): no upcase setting has that name"
				+ ((suggestion != null) ? "; " + suggestion : ".");
	}

}
