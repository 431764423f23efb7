package dev.upcase.server.admin;

import java.security.Principal;
import java.time.Instant;
import java.util.Map;

import dev.upcase.server.endpoint.CloseReason;
import dev.upcase.server.endpoint.ConnectionClosed;
import dev.upcase.server.endpoint.LiveConnection;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/connections}: every open connection of every endpoint (NATS' {@code /connz}, Redis'
 * {@code CLIENT LIST} / {@code CLIENT KILL}), the recently closed ones, and closing them. Closes are for
 * {@link CloseReason#ADMIN}, with the name of the operator who asked, in the log line and metrics.
 */
@Component
@Endpoint(id = "connections")
class ConnectionsEndpoint {

	private final Endpoints endpoints;

	private final ClosedConnectionRing closed;

	ConnectionsEndpoint(Endpoints endpoints, ClosedConnectionRing closed) {
		this.endpoints = endpoints;
		this.closed = closed;
	}

	/** {@code GET /actuator/connections?sort=&order=&offset=&limit=&peer=&state=&endpoint=} */
	@ReadOperation
	WebEndpointResponse<Object> list(@Nullable String state, @Nullable String sort, @Nullable String order,
			@Nullable String offset, @Nullable String limit, @Nullable String peer, @Nullable String endpoint) {
		try {
			ConnectionQuery query = ConnectionQuery.parse(state, sort, order, offset, limit, peer);
			String only = endpointNamed(endpoint);
			return AdminResponses.ok(query.closed()
					? query.closedPage(this.closed.newestFirst()
						.stream()
						.filter(closed -> only == null || closed.endpoint().equals(only))
						.toList())
					: query.openPage(this.endpoints.connections(only), Instant.now()));
		}
		catch (BadParameter ex) {
			return AdminResponses.badRequest(ex);
		}
	}

	/** {@code GET /actuator/connections/{id}}: an open connection, else a recently closed one, else 404. */
	@ReadOperation
	WebEndpointResponse<Object> connection(@Selector String id) {
		LiveConnection connection = this.endpoints.connection(id);
		if (connection != null) {
			return AdminResponses.ok(ConnectionView.of(connection, Instant.now()));
		}
		for (ConnectionClosed closed : this.closed.newestFirst()) {
			if (closed.id().equals(id)) {
				return AdminResponses.ok(ClosedConnectionView.of(closed));
			}
		}
		return AdminResponses.notFound("no connection with this id", "id", id);
	}

	/** {@code DELETE /actuator/connections/{id}}: the client sees its connection end. */
	@DeleteOperation
	WebEndpointResponse<Object> close(@Selector String id, Principal operator) {
		LiveConnection connection = this.endpoints.connection(id);
		if (connection == null) {
			return AdminResponses.notFound("no open connection with this id", "id", id);
		}
		connection.close(CloseReason.ADMIN, by(operator));
		return AdminResponses.ok(Map.of("closed", 1));
	}

	/** {@code DELETE /actuator/connections?peer=&idleLongerThan=&endpoint=&all=true} */
	@DeleteOperation
	WebEndpointResponse<Object> closeSelected(@Nullable String peer, @Nullable String idleLongerThan,
			@Nullable String endpoint, @Nullable String all, Principal operator) {
		CloseSelection selection;
		String only;
		try {
			only = endpointNamed(endpoint);
			selection = CloseSelection.parse(peer, idleLongerThan, all, only != null);
		}
		catch (BadParameter ex) {
			return AdminResponses.badRequest(ex);
		}
		Instant now = Instant.now();
		String detail = by(operator);
		int count = 0;
		for (Iterable<? extends LiveConnection> view : this.endpoints.connections(only)) {
			for (LiveConnection connection : view) {
				if (selection.selects(connection, now)) {
					connection.close(CloseReason.ADMIN, detail);
					count++;
				}
			}
		}
		return AdminResponses.ok(Map.of("closed", count));
	}

	/** @return the name of a connection-oriented endpoint, or {@code null} (all of them) when none is asked for */
	private @Nullable String endpointNamed(@Nullable String name) {
		if (name == null) {
			return null;
		}
		var endpoint = this.endpoints.named(name);
		if (endpoint == null || !endpoint.connectionOriented()) {
			throw new BadParameter("endpoint", name, "one of " + String.join(", ", this.endpoints.withConnections()));
		}
		return name;
	}

	private static String by(Principal operator) {
		return "by " + operator.getName();
	}

}
