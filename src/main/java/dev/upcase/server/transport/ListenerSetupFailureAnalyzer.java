package dev.upcase.server.transport;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an endpoint that cannot listen into Boot's short "APPLICATION FAILED TO START" report, no stack trace. */
class ListenerSetupFailureAnalyzer extends AbstractFailureAnalyzer<ListenerSetupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ListenerSetupException cause) {
		String problem = cause.getMessage();
		return new FailureAnalysis(problem.endsWith(".") ? problem : problem + ".", cause.action(), cause);
	}

}
