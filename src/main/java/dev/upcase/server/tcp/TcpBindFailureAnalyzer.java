package dev.upcase.server.tcp;

import dev.upcase.server.tcp.TcpBindCheck.TcpBindException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a TCP endpoint that cannot bind into Boot's short "APPLICATION FAILED TO START" report, no stack trace.
 */
class TcpBindFailureAnalyzer extends AbstractFailureAnalyzer<TcpBindException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TcpBindException cause) {
		return new FailureAnalysis(
				"upcase cannot listen on " + cause.host() + ":" + cause.port() + ": " + cause.problem() + ".",
				"Stop whatever holds that address, or choose another with upcase.tcp.host / upcase.tcp.port "
						+ "(--upcase.tcp.port=0 picks any free port).",
				cause);
	}

}
