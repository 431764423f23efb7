package dev.upcase.server.admin;

import java.util.ArrayList;
import java.util.List;

import dev.upcase.server.endpoint.Endpoint;
import dev.upcase.server.endpoint.LiveConnection;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/** Every endpoint the transports provide (tcp or tls, unix, udp), and lookups across them. */
@Component
class Endpoints {

	private final List<Endpoint> all;

	Endpoints(List<Endpoint> all) {
		this.all = List.copyOf(all);
	}

	List<Endpoint> all() {
		return this.all;
	}

	@Nullable Endpoint named(String name) {
		return this.all.stream().filter(endpoint -> endpoint.name().equals(name)).findFirst().orElse(null);
	}

	@Nullable LiveConnection connection(String id) {
		for (Endpoint endpoint : this.all) {
			LiveConnection connection = endpoint.connection(id);
			if (connection != null) {
				return connection;
			}
		}
		return null;
	}

	/**
	 * @param only an endpoint's name, or {@code null} for all
	 * @return the live, weakly consistent views of the open connections of those endpoints, to iterate once
	 */
	List<Iterable<? extends LiveConnection>> connections(@Nullable String only) {
		List<Iterable<? extends LiveConnection>> views = new ArrayList<>(this.all.size());
		for (Endpoint endpoint : this.all) {
			if (only == null || endpoint.name().equals(only)) {
				views.add(endpoint.connections());
			}
		}
		return views;
	}

	/** @return the names of the endpoints clients connect to (not the datagram one) */
	List<String> withConnections() {
		return this.all.stream().filter(Endpoint::connectionOriented).map(Endpoint::name).toList();
	}

}
