package dev.upcase.server.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.upcase.server.tcp.Throttle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.handler.advice.AbstractRequestHandlerAdvice;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Wraps the flow's transformer: counts messages and bytes in and out, times each message through the flow, and
 * makes a failing transform a defined outcome — the request is answered unchanged, counted in
 * {@code upcase.transform.errors} and logged (the first with its stack trace, then at most one line every ten
 * seconds), so that a client is never left waiting for a reply that will not come.
 */
@Component
public class FlowMetricsAdvice extends AbstractRequestHandlerAdvice {

	private static final Logger log = LoggerFactory.getLogger(FlowMetricsAdvice.class);

	private final Counter messagesIn;

	private final Counter bytesIn;

	private final Counter messagesOut;

	private final Counter bytesOut;

	private final Counter transformErrors;

	private final Timer processing;

	private final Throttle errorLog = new Throttle(Duration.ofSeconds(10));

	FlowMetricsAdvice(MeterRegistry registry) {
		this.messagesIn = Counter.builder("upcase.messages.in").description("requests received").register(registry);
		this.bytesIn = Counter.builder("upcase.messages.in.bytes")
			.description("payload bytes of the requests received")
			.baseUnit("bytes")
			.register(registry);
		this.messagesOut = Counter.builder("upcase.messages.out").description("replies produced").register(registry);
		this.bytesOut = Counter.builder("upcase.messages.out.bytes")
			.description("payload bytes of the replies produced")
			.baseUnit("bytes")
			.register(registry);
		this.transformErrors = Counter.builder("upcase.transform.errors")
			.description("requests the transform failed on (answered unchanged)")
			.register(registry);
		this.processing = Timer.builder("upcase.messages.processing")
			.description("time a request spends in the flow")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofNanos(500)) // the transform takes microseconds, not the default 1 ms
			.maximumExpectedValue(Duration.ofSeconds(1))
			.register(registry);
	}

	@Override
	protected @Nullable Object doInvoke(ExecutionCallback callback, Object target, Message<?> message) {
		this.messagesIn.increment();
		this.bytesIn.increment(payloadLength(message.getPayload()));
		long start = System.nanoTime();
		Object reply;
		try {
			reply = callback.execute();
		}
		catch (RuntimeException ex) {
			this.transformErrors.increment();
			logTransformError(message, unwrap(ex));
			reply = message;
		}
		this.processing.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		this.messagesOut.increment();
		this.bytesOut.increment(payloadLength(reply instanceof Message<?> m ? m.getPayload() : reply));
		return reply;
	}

	private void logTransformError(Message<?> message, Throwable error) {
		long alsoFailed = this.errorLog.tryPass();
		if (alsoFailed >= 0) {
			log.error("Transform failed on a message of connection {}, {} more since the last report (answered "
					+ "unchanged; upcase.transform.errors counts every one, this log at most one per 10 s)",
					message.getHeaders().get(IpHeaders.CONNECTION_ID), alsoFailed, error);
		}
	}

	private static Throwable unwrap(RuntimeException ex) {
		return ex instanceof ThrowableHolderException && ex.getCause() != null ? ex.getCause() : ex;
	}

	private static int payloadLength(@Nullable Object payload) {
		return payload instanceof byte[] bytes ? bytes.length : 0;
	}

}
