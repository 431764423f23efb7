package dev.upcase.server.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@code upcase.*} properties that name no setting into Boot's short report, one line each. */
class UnknownSettingsFailureAnalyzer extends AbstractFailureAnalyzer<UnknownSettingsException> {

	private static final String ACTION = "Correct the name, or remove it; the README's configuration table lists every "
			+ "upcase.* setting. In the environment a setting is written in capitals with _ for the dots, dashes "
			+ "dropped: upcase.tcp.max-message-bytes is UPCASE_TCP_MAXMESSAGEBYTES.";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnknownSettingsException cause) {
		return new FailureAnalysis(String.join(System.lineSeparator(), cause.lines()), ACTION, cause);
	}

}
