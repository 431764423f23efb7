package dev.upcase.server.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.upcase.server.endpoint.EndpointState;
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
	 * the listener as it is then, or 409 when the action cannot take effect (resume after a drain). A request
	 * without a JSON body gets its answer from {@link ListenerActionErrors}.
	 */
	@WriteOperation
	WebEndpointResponse<Object> act(@Selector String name, @Nullable String action) {
		var endpoint = this.endpoints.named(name);
		if (endpoint == null) {
			return AdminResponses.notFound("no listener with this name", "name", name);
		}
		String given = action != null ? action : "";
		if (!given.equals("pause") && !given.equals("resume") && !given.equals("drain")) {
			return AdminResponses.badRequest(new BadParameter("action", given, "one of pause, resume, drain"));
		}
		String impossible = impossible(given, endpoint.state());
		if (impossible != null) {
			return AdminResponses.conflict("cannot " + given + " listener " + name + ": " + impossible,
					endpoint.state().tag());
		}
		switch (given) {
			case "pause" -> endpoint.pause();
			case "resume" -> endpoint.resume();
			default -> endpoint.drain();
		}
		return AdminResponses.ok(ListenerView.of(endpoint, Instant.now()));
	}

	/**
	 * Repeating what is already so (pause when paused, drain when draining) is harmless and answers 200; an action
	 * that could not have its effect answers 409 with why, rather than 200 with a state the caller did not ask for.
	 * @return why the action cannot take effect in this state, or {@code null} when it can (or already has)
	 */
	private static @Nullable String impossible(String action, EndpointState state) {
		return switch (state) {
			case STARTING -> "it is not listening yet";
			case STOPPED -> "it is stopped";
			case LAME_DUCK -> action.equals("drain") ? null
					: "it is draining (a lame duck still serving new clients until upcase.tcp.lame-duck is over), "
							+ "which is final: then it closes its connections and accepts no more until the process "
							+ "restarts";
			case DRAINING -> action.equals("drain") ? null
					: "it is draining, which is final: it closes its connections and accepts no more until the "
							+ "process restarts";
			default -> null;
		};
	}

}
