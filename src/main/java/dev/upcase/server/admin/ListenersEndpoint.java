package dev.upcase.server.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/listeners}: each listener's summary, and the levers to take the instance out of rotation
 * without a restart (HAProxy's disable/enable, NATS' lame-duck mode): {@code pause}, {@code resume},
 * {@code drain}.
 */
@Component
@Endpoint(id = "listeners")
class ListenersEndpoint {

	private final Endpoints endpoints;

	ListenersEndpoint(Endpoints endpoints) {
		this.endpoints = endpoints;
	}

	/** {@code GET /actuator/listeners} */
	@ReadOperation
	Map<String, List<ListenerView>> listeners() {
		Instant now = Instant.now();
		return Map.of("listeners", this.endpoints.all().stream().map(endpoint -> ListenerView.of(endpoint, now)).toList());
	}

	/** {@code GET /actuator/listeners/{name}} */
	@ReadOperation
	WebEndpointResponse<Object> listener(@Selector String name) {
		var endpoint = this.endpoints.named(name);
		if (endpoint == null) {
			return AdminResponses.notFound("no listener with this name", "name", name);
		}
		return AdminResponses.ok(ListenerView.of(endpoint, Instant.now()));
	}

	/**
	 * {@code POST /actuator/listeners/{name}} with {@code {"action": "pause" | "resume" | "drain"}}; answers with
	 * the listener as it is then.
	 */
	@WriteOperation
	WebEndpointResponse<Object> act(@Selector String name, @Nullable String action) {
		var endpoint = this.endpoints.named(name);
		if (endpoint == null) {
			return AdminResponses.notFound("no listener with this name", "name", name);
		}
		switch (action != null ? action : "") {
			case "pause" -> endpoint.pause();
			case "resume" -> endpoint.resume();
			case "drain" -> endpoint.drain();
			default -> {
				return AdminResponses.badRequest(new BadParameter("action", action != null ? action : "",
						"one of pause, resume, drain"));
			}
		}
		return AdminResponses.ok(ListenerView.of(endpoint, Instant.now()));
	}

}
