package dev.upcase.server.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import dev.upcase.server.transport.Throttle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.transformer.Transformer;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.stereotype.Component;

/**
 * The flow's transform step, metered: counts messages and bytes in and out, times each message through the
 * transform, and makes a failing transform a defined outcome — the request is answered unchanged, counted in
 * {@code upcase.transform.errors} and logged (the first with its stack trace, then at most one line every ten
 * seconds), so that a client is never left waiting for a reply that will not come.
 * <p>
 * A decorator that yields Spring Integration's own {@link Transformer}, not a request-handler advice: an advice is
 * applied through a dynamic proxy and a reflective call per message, which measured as a tenth of the event loop's
 * time (docs/performance.md); this costs a few counter increments and one timer sample.
 */
@Component
public class MeteredTransform {

	private static final Logger log = LoggerFactory.getLogger(MeteredTransform.class);

	/**
	 * The headers of every reply: none, not even an id or a timestamp. The gateway copies the reply into a message
	 * of its own (restoring the request's reply channel) before it is written, so headers made here would only be
	 * thrown away; making them (a map, an id, a clock read) per message was measured (docs/performance.md).
	 */
	private static final MessageHeaders REPLY_HEADERS = new NoHeaders();

	private final Counter messagesIn;

	private final Counter bytesIn;

	private final Counter messagesOut;

	private final Counter bytesOut;

	private final Counter transformErrors;

	private final Timer processing;

	private final Throttle errorLog = new Throttle(Duration.ofSeconds(10));

	MeteredTransform(MeterRegistry registry) {
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

	/**
	 * @param transform what to do to each request's payload
	 * @return a transformer that applies it, metered: the reply is a new message with only the result as payload
	 * (the gateway answers on the request's connection by the request's reply channel, so nothing else is copied)
	 */
	public Transformer of(UnaryOperator<byte[]> transform) {
		return request -> new GenericMessage<>(apply(transform, request), REPLY_HEADERS);
	}

	private byte[] apply(UnaryOperator<byte[]> transform, Message<?> request) {
		byte[] payload = (byte[]) request.getPayload();
		this.messagesIn.increment();
		this.bytesIn.increment(payload.length);
		long start = System.nanoTime();
		byte[] reply;
		try {
			reply = transform.apply(payload);
		}
		catch (RuntimeException ex) {
			this.transformErrors.increment();
			logTransformError(request, ex);
			reply = payload;
		}
		this.processing.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		this.messagesOut.increment();
		this.bytesOut.increment(reply.length);
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

	/** {@link MessageHeaders} makes an id and a timestamp unless its protected constructor is told not to. */
	private static final class NoHeaders extends MessageHeaders {

		private static final long serialVersionUID = 1L;

		NoHeaders() {
			super(null, ID_VALUE_NONE, -1L);
		}

	}

}
