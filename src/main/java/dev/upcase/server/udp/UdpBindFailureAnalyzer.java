package dev.upcase.server.udp;

import dev.upcase.server.udp.UdpBindCheck.UdpBindException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a UDP endpoint that cannot bind into Boot's short "APPLICATION FAILED TO START" report, no stack trace. */
class UdpBindFailureAnalyzer extends AbstractFailureAnalyzer<UdpBindException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UdpBindException cause) {
		return new FailureAnalysis(
				"upcase cannot listen for UDP datagrams on " + cause.address() + ": " + cause.problem() + ".",
				"Stop whatever holds that UDP port, or choose another with upcase.udp.host / upcase.udp.port "
						+ "(--upcase.udp.port=0 picks any free port; UDP and TCP ports are apart, so the same "
						+ "number as upcase.tcp.port is fine).",
				cause);
	}

}
